/* Output files that never destroy what was there (outfile.h): a temporary
 * file beside the target, renamed into place when complete. */
#define _GNU_SOURCE     /* fopencookie */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rnnscope/config.h"

typedef enum {
    OUT_STDOUT,     /* "-" */
    OUT_RENAME,     /* a temporary file beside the target, renamed at commit */
    OUT_IN_PLACE,   /* a device, a FIFO, /dev/…: written directly */
} out_kind;

struct rs_outfile {
    out_kind kind;
    FILE *f;
    int fd;             /* −1 for standard output */
    int write_errno;    /* the first failed write's errno, or 0 */
    char *path;         /* as given */
    char *target;       /* OUT_RENAME: the file replaced (a symbolic link resolved) */
    char *temp;         /* OUT_RENAME: the temporary file */
    int slot;           /* in temporaries[], or −1 */
};

/* The temporary files open now, for rs_outfile_discard_temporaries. A
 * signal handler runs on the thread it interrupts, so a slot is cleared
 * before its path is freed and never seen half-written. Each slot names the
 * process that made the file: a child forked meanwhile (the recorder's view)
 * inherits the table but must not remove its parent's files. */
#define MAX_TEMPORARIES 64
static char *_Atomic temporaries[MAX_TEMPORARIES];
static _Atomic pid_t owners[MAX_TEMPORARIES];

static int register_temporary(char *path)
{
    for (int i = 0; i < MAX_TEMPORARIES; i++)
        if (!atomic_load(&temporaries[i])) {   /* only this thread fills slots; a handler only reads */
            atomic_store(&owners[i], getpid());
            atomic_store(&temporaries[i], path);
            return i;
        }
    return -1;  /* more open at once than slots: still written safely, just not removed on a signal */
}

static void unregister_temporary(int slot)
{
    if (slot >= 0)
        atomic_store(&temporaries[slot], NULL);
}

void rs_outfile_discard_temporaries(void)
{
    const pid_t self = getpid();
    for (int i = 0; i < MAX_TEMPORARIES; i++) {
        char *path = atomic_load(&temporaries[i]);
        if (path && atomic_load(&owners[i]) == self)
            unlink(path);
    }
}

static const char *shown(const char *path)
{
    return strcmp(path, "-") == 0 ? "standard output" : path;
}

/* stdio's writes end here: every byte goes out, or the first errno is kept
 * (and 0 returned, which stdio takes for an error). */
static ssize_t cookie_write(void *cookie, const char *buf, size_t n)
{
    rs_outfile *out = cookie;
    size_t done = 0;
    while (done < n) {
        const ssize_t w = write(out->fd, buf + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (!out->write_errno)
                out->write_errno = w < 0 ? errno : EIO;
            return (ssize_t)done;
        }
        done += (size_t)w;
    }
    return (ssize_t)n;
}

static int cookie_close(void *cookie)
{
    rs_outfile *out = cookie;
    const int rc = close(out->fd);
    out->fd = -1;
    if (rc != 0 && errno != EINTR && !out->write_errno)
        out->write_errno = errno;   /* NFS reports a full disk here */
    return rc != 0 && errno != EINTR ? -1 : 0;
}

static void free_outfile(rs_outfile *out)
{
    unregister_temporary(out->slot);
    free(out->path);
    free(out->target);
    free(out->temp);
    free(out);
}

/* The folder of path (without a trailing slash; "." for none) into dir. */
static void folder_of(const char *path, char *dir, size_t n)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, n, ".");
    else if (slash == path)
        snprintf(dir, n, "/");
    else
        snprintf(dir, n, "%.*s", (int)(slash - path), path);
}

static const char *base_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static bool under_system_tree(const char *path)
{
    return strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0;
}

static void ignore_sigxfsz(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    struct sigaction old;
    if (sigaction(SIGXFSZ, NULL, &old) == 0 && old.sa_handler == SIG_DFL && !(old.sa_flags & SA_SIGINFO))
        signal(SIGXFSZ, SIG_IGN);
}

/* The temporary file beside target: "DIR/.BASE.XXXXXX" (BASE shortened so the
 * name stays within NAME_MAX), created with mode. */
static int create_temporary(rs_outfile *out, mode_t mode)
{
    char dir[PATH_MAX];
    folder_of(out->target, dir, sizeof dir);
    const size_t n = strlen(dir) + strlen(base_of(out->target)) + 16;
    out->temp = malloc(n);
    if (!out->temp) {
        errno = ENOMEM;
        return -1;
    }
    snprintf(out->temp, n, "%s/.%.200s.XXXXXX", dir, base_of(out->target));
    const int fd = mkstemp(out->temp);
    if (fd < 0)
        return -1;
    out->slot = register_temporary(out->temp);
    if (fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 || fchmod(fd, mode) != 0) {
        const int e = errno;
        close(fd);
        unlink(out->temp);
        errno = e;
        return -1;
    }
    return fd;
}

rs_outfile *rs_outfile_open(const char *path, char *err, size_t errlen)
{
    ignore_sigxfsz();
    if (!path || !*path) {
        rs_seterr(err, errlen, "an output needs a file name (or - for standard output)");
        return NULL;
    }
    rs_outfile *out = calloc(1, sizeof *out);
    if (!out || !(out->path = strdup(path))) {
        free(out);
        rs_seterr(err, errlen, "%s: cannot write: %s", shown(path), strerror(ENOMEM));
        return NULL;
    }
    out->fd = -1;
    out->slot = -1;

    if (strcmp(path, "-") == 0) {
        out->kind = OUT_STDOUT;
        out->f = stdout;
        return out;
    }

    struct stat st;
    const bool exists = stat(path, &st) == 0;
    if (!exists && errno != ENOENT)
        goto fail;
    if (exists && S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        goto fail;
    }
    struct stat lst;
    const bool dangling_link = !exists && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
    if (under_system_tree(path) || (exists && !S_ISREG(st.st_mode)) || dangling_link) {
        /* Nothing there to keep: written in place, as fopen(path, "w") would. */
        out->kind = OUT_IN_PLACE;
        out->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY | O_CLOEXEC, 0666);
        if (out->fd < 0)
            goto fail;
    } else {
        out->kind = OUT_RENAME;
        if (exists && access(path, W_OK) != 0)
            goto fail;  /* a file the user may not write stays unwritten, as with fopen */
        /* A symbolic link stays a link: its target is what gets replaced. */
        out->target = exists ? realpath(path, NULL) : strdup(path);
        if (!out->target)
            goto fail;
        mode_t mode;
        if (exists)
            mode = st.st_mode & 07777;
        else {
            const mode_t mask = umask(0);
            umask(mask);
            mode = 0666 & ~mask;
        }
        out->fd = create_temporary(out, mode);
        if (out->fd < 0)
            goto fail;
    }

    static const cookie_io_functions_t io = {.write = cookie_write, .close = cookie_close};
    out->f = fopencookie(out, "w", io);
    if (!out->f) {
        const int e = errno;
        close(out->fd);
        if (out->temp)
            unlink(out->temp);
        errno = e;
        goto fail;
    }
    setvbuf(out->f, NULL, _IOFBF, 1 << 16);
    return out;

fail:
    rs_seterr(err, errlen, "%s: cannot write: %s", path, strerror(errno));
    free_outfile(out);
    return NULL;
}

FILE *rs_outfile_stream(const rs_outfile *out) { return out->f; }
const char *rs_outfile_path(const rs_outfile *out) { return out->path; }

bool rs_outfile_ok(const rs_outfile *out)
{
    return !out->write_errno && !ferror(out->f);
}

int rs_stdout_check(char *err, size_t errlen)
{
    errno = 0;
    const bool flushed = fflush(stdout) == 0;
    const int e = errno;
    if (flushed && !ferror(stdout))
        return 0;
    rs_seterr(err, errlen, "standard output: cannot write: %s", e ? strerror(e) : "a write failed");
    return -1;
}

/* The folder of path to disk, so that a rename in it survives a crash.
 * Best effort: some file systems cannot sync a folder. */
static void sync_folder(const char *path)
{
    char dir[PATH_MAX];
    folder_of(path, dir, sizeof dir);
    const int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int rs_outfile_commit(rs_outfile *out, char *err, size_t errlen)
{
    if (out->kind == OUT_STDOUT) {
        const int rc = rs_stdout_check(err, errlen);
        free_outfile(out);
        return rc;
    }
    errno = 0;
    int e = 0;
    if (fflush(out->f) != 0 || ferror(out->f))
        e = out->write_errno ? out->write_errno : errno ? errno : EIO;
    if (!e && out->kind == OUT_RENAME && fsync(out->fd) != 0)
        e = errno;
    if (fclose(out->f) != 0 && !e)
        e = out->write_errno ? out->write_errno : EIO;
    if (!e && out->write_errno)
        e = out->write_errno;
    if (!e && out->kind == OUT_RENAME && rename(out->temp, out->target) != 0)
        e = errno;
    if (e) {
        if (out->kind == OUT_RENAME)
            unlink(out->temp);
        rs_seterr(err, errlen, "%s: cannot write: %s", out->path, strerror(e));
        free_outfile(out);
        return -1;
    }
    if (out->kind == OUT_RENAME)
        sync_folder(out->target);
    free_outfile(out);
    return 0;
}

void rs_outfile_abort(rs_outfile *out)
{
    if (!out)
        return;
    if (out->kind == OUT_STDOUT)
        fflush(stdout);
    else {
        fclose(out->f);
        if (out->kind == OUT_RENAME)
            unlink(out->temp);
    }
    free_outfile(out);
}

int rs_outfile_write(const char *path, int (*writer)(FILE *f, const void *arg), const void *arg,
                     char *err, size_t errlen)
{
    rs_outfile *out = rs_outfile_open(path, err, errlen);
    if (!out)
        return -1;
    if (writer(rs_outfile_stream(out), arg) != 0) {
        fflush(rs_outfile_stream(out));
        const int e = out->write_errno;
        rs_seterr(err, errlen, "%s: cannot write%s%s", shown(path), e ? ": " : "", e ? strerror(e) : "");
        rs_outfile_abort(out);
        return -1;
    }
    return rs_outfile_commit(out, err, errlen);
}

/* ---- naming the same file ---------------------------------------------------- */

/* What an output path names: the file it is (when it exists) and its name
 * with the folder's symbolic links, ./, // and .. resolved. */
typedef struct {
    bool exists;
    struct stat st;
    char name[PATH_MAX + NAME_MAX + 2];
} identity;

/* /dev/null, a terminal: any number of outputs may go there. */
static bool is_device(const struct stat *st)
{
    return S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode);
}

static void identify(const char *path, identity *id)
{
    memset(id, 0, sizeof *id);
    if (strcmp(path, "-") == 0) {
        id->exists = fstat(STDOUT_FILENO, &id->st) == 0;
        snprintf(id->name, sizeof id->name, "-");
        return;
    }
    id->exists = stat(path, &id->st) == 0;
    char resolved[PATH_MAX];
    if (id->exists && realpath(path, resolved)) {
        snprintf(id->name, sizeof id->name, "%s", resolved);
        return;
    }
    /* A file not there yet: its folder resolved, and its name. */
    char dir[PATH_MAX];
    folder_of(path, dir, sizeof dir);
    const char *base = base_of(path);
    if (realpath(dir, resolved) && strcmp(base, "") != 0 && strcmp(base, ".") != 0 && strcmp(base, "..") != 0)
        snprintf(id->name, sizeof id->name, "%s%s%s", resolved, strcmp(resolved, "/") == 0 ? "" : "/", base);
    else
        snprintf(id->name, sizeof id->name, "%s", path);
}

bool rs_outfile_same(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    if (strcmp(a, "-") == 0 && strcmp(b, "-") == 0)
        return true;    /* two outputs on standard output, wherever it goes */
    identity ia, ib;
    identify(a, &ia);
    identify(b, &ib);
    if (ia.exists && ib.exists && ia.st.st_dev == ib.st.st_dev && ia.st.st_ino == ib.st.st_ino)
        return !is_device(&ia.st);
    if (strcmp(ia.name, ib.name) == 0)
        return !(ia.exists && is_device(&ia.st));
    return false;
}

int rs_outfile_distinct(const char *const *paths, const char *const *labels, size_t n, char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (rs_outfile_same(paths[i], paths[j])) {
                rs_seterr(err, errlen, "%s and %s name the same file; give each output its own",
                       labels[i], labels[j]);
                return -1;
            }
    return 0;
}
