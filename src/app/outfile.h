/* Output files that never destroy what was there — for every front end's
 * writers (the CLI's CSV, JSONL, state and figures, the view's `e` export,
 * recordings).
 *
 *     char err[4200];
 *     rs_outfile *out = rs_outfile_open(path, err, sizeof err);
 *     if (!out)
 *         return fail("%s", err);              // "run.csv: cannot write: Permission denied"
 *     fprintf(rs_outfile_stream(out), "step,loss\n");
 *     …
 *     if (rs_outfile_commit(out, err, sizeof err) != 0)
 *         return fail("%s", err);              // "run.csv: cannot write: No space left on device"
 *     // or, when the run fails before: rs_outfile_abort(out);
 *
 * A regular file (or one that does not exist yet) is written to a temporary
 * file beside it — ".run.csv.XXXXXX" in the same folder — and only commit
 * renames it into place, once it is complete and on disk (flush, fsync,
 * rename, fsync of the folder). When anything fails, or on abort, the
 * temporary file is removed and the old file stays exactly as it was. The new
 * file gets the old one's permissions (a new one: 0666 less the umask); a
 * symbolic link stays a link and its target is replaced; a file the user may
 * not write is refused, as fopen would.
 *
 * "-" is standard output: commit flushes it and checks it for a write error
 * (stdout is not closed). Whatever exists and is no regular file — /dev/null,
 * /dev/stdout, a terminal, a FIFO — and every path under /dev/ or /proc/ is
 * written in place, as fopen(path, "w") would: there is nothing there to keep.
 *
 * Write errors are remembered with their errno as they happen, so a message
 * says why ("File too large", "No space left on device"). The first open sets
 * SIGXFSZ to be ignored (unless the program already handles it): a file-size
 * limit is then a write error like a full disk, not a silent death. */
#ifndef RS_APP_OUTFILE_H
#define RS_APP_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct rs_outfile rs_outfile;

/* Start writing path ("-": standard output). NULL and "path: cannot write:
 * reason" when it cannot be written (no such folder, a directory, no
 * permission). */
rs_outfile *rs_outfile_open(const char *path, char *err, size_t errlen);

/* The stream to write to (buffered; no seeking). */
FILE *rs_outfile_stream(const rs_outfile *out);

/* The path as given to rs_outfile_open, for messages. */
const char *rs_outfile_path(const rs_outfile *out);

/* False once a write to the stream has failed (the rest is in vain). */
bool rs_outfile_ok(const rs_outfile *out);

/* Finish: put the complete file in place. 0, or −1 and "path: cannot write:
 * reason" (then the old file is untouched and no temporary file is left).
 * Frees out in both cases. */
int rs_outfile_commit(rs_outfile *out, char *err, size_t errlen);

/* Give up: remove the temporary file; the old file stays as it was. Frees
 * out; NULL is fine. (Standard output and in-place files cannot be taken
 * back: they are only flushed.) */
void rs_outfile_abort(rs_outfile *out);

/* Open, writer(stream, arg), commit — or abort when the writer returns
 * non-zero. 0, or −1 and a message as rs_outfile_commit's. */
int rs_outfile_write(const char *path, int (*writer)(FILE *f, const void *arg), const void *arg,
                     char *err, size_t errlen);

/* Remove every temporary file still open, from a fatal-signal handler
 * (async-signal-safe: unlink only). The files are left for commit or abort
 * otherwise. */
void rs_outfile_discard_temporaries(void);

/* True when the two output paths would write the same file: the same text
 * after normalisation (./, //, .., symbolic links in the folders), the same
 * existing file (st_dev and st_ino: hard links, symbolic links, "-" and
 * /dev/stdout when standard output is that file, two names for standard
 * output). A device — /dev/null, a terminal — is never "the same": any
 * number of outputs may go there; but "-" and "-" always are (two tables
 * interleaved on standard output). NULL is no output. */
bool rs_outfile_same(const char *a, const char *b);

/* Before anything is written: 0 when no two of the n outputs name the same
 * file (NULL entries are skipped), else −1 and "LABEL_I and LABEL_J name the
 * same file" with the labels the caller gives ("--csv run.csv", "the CSV
 * beside --svg run.svg"). */
int rs_outfile_distinct(const char *const *paths, const char *const *labels, size_t n, char *err, size_t errlen);

/* Before exit 0: flush standard output and check it for a write error. 0, or
 * −1 and "standard output: cannot write: reason". */
int rs_stdout_check(char *err, size_t errlen);

#endif
