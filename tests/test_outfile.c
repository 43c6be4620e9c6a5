/* The atomic output writer (src/app/outfile.h): a new file appears only
 * when complete, an existing file survives any failure untouched, no
 * temporary file stays behind, standard output is checked, and two names
 * of one file are found out. Write failures are real ones: a file-size limit
 * (RLIMIT_FSIZE, which needs no privilege) and /dev/full. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <check.h>

#include "check_main.h"
#include "src/app/outfile.h"

static char dir[64];

static void make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/rnnscope-outfile-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char p[512];
        snprintf(p, sizeof p, "%s/%s", path, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(p);
        else
            unlink(p);
    }
    closedir(d);
    rmdir(path);
}

static void remove_dir(void) { remove_tree(dir); }

static const char *in_dir(const char *name)
{
    static char paths[4][512];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, 512, "%s/%s", dir, name);
    return p;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

/* The whole file (static; "" when missing, "<missing>" marks it). */
static const char *contents(const char *path)
{
    static char buf[1 << 20];
    FILE *f = fopen(path, "r");
    if (!f)
        return "<missing>";
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Files in the test folder whose name starts with a dot: temporaries. */
static int temporaries_left(const char *folder)
{
    DIR *d = opendir(folder);
    ck_assert_ptr_nonnull(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

static mode_t mode_of(const char *path)
{
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    return st.st_mode & 07777;
}

START_TEST(new_file_appears_only_when_complete)
{
    const char *path = in_dir("run.csv");
    char err[512];
    const mode_t old_mask = umask(022);
    rs_outfile *out = rs_outfile_open(path, err, sizeof err);
    ck_assert_msg(out != NULL, "%s", err);
    ck_assert_str_eq(rs_outfile_path(out), path);
    fprintf(rs_outfile_stream(out), "step,loss\n1,0.5\n");
    fflush(rs_outfile_stream(out));
    ck_assert_str_eq(contents(path), "<missing>");      /* not there while being written */
    ck_assert_int_eq(temporaries_left(dir), 1);         /* but beside it */
    ck_assert(rs_outfile_ok(out));
    ck_assert_msg(rs_outfile_commit(out, err, sizeof err) == 0, "%s", err);
    ck_assert_str_eq(contents(path), "step,loss\n1,0.5\n");
    ck_assert_int_eq(temporaries_left(dir), 0);
    ck_assert_int_eq(mode_of(path), 0644);              /* 0666 less the umask, as fopen */
    umask(old_mask);
}
END_TEST

START_TEST(existing_file_is_replaced_whole)
{
    const char *path = in_dir("results.json");
    put(path, "{\"old\": true}\n");
    ck_assert_int_eq(chmod(path, 0640), 0);
    char err[512];
    rs_outfile *out = rs_outfile_open(path, err, sizeof err);
    ck_assert_msg(out != NULL, "%s", err);
    for (int i = 0; i < 10000; i++)
        fprintf(rs_outfile_stream(out), "{\"step\": %d}\n", i);
    fflush(rs_outfile_stream(out));
    ck_assert_str_eq(contents(path), "{\"old\": true}\n"); /* untouched until commit */
    ck_assert_int_eq(rs_outfile_commit(out, err, sizeof err), 0);
    ck_assert(strncmp(contents(path), "{\"step\": 0}\n{\"step\": 1}\n", 24) == 0);
    ck_assert_int_eq(mode_of(path), 0640);              /* the old file's permissions */
    ck_assert_int_eq(temporaries_left(dir), 0);
}
END_TEST

START_TEST(abort_leaves_the_old_file)
{
    const char *path = in_dir("state.json");
    put(path, "old\n");
    char err[512];
    rs_outfile *out = rs_outfile_open(path, err, sizeof err);
    ck_assert_ptr_nonnull(out);
    fputs("half a fi", rs_outfile_stream(out));
    rs_outfile_abort(out);
    ck_assert_str_eq(contents(path), "old\n");
    ck_assert_int_eq(temporaries_left(dir), 0);
    rs_outfile_abort(NULL);     /* fine */

    /* A new file that is given up never appears. */
    out = rs_outfile_open(in_dir("new.csv"), err, sizeof err);
    ck_assert_ptr_nonnull(out);
    fputs("x", rs_outfile_stream(out));
    rs_outfile_abort(out);
    ck_assert_str_eq(contents(in_dir("new.csv")), "<missing>");
    ck_assert_int_eq(temporaries_left(dir), 0);
}
END_TEST

/* In a child with a file-size limit of limit bytes: write n bytes of lines to
 * path and commit. The child exits 0 when the commit failed with want in its
 * message, 1 when it succeeded, 2 when the message differs. */
static int write_limited(const char *path, long limit, long n, const char *want)
{
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        struct rlimit rl = {(rlim_t)limit, (rlim_t)limit};
        if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
            _exit(3);
        char err[512];
        rs_outfile *out = rs_outfile_open(path, err, sizeof err);
        if (!out)
            _exit(4);
        for (long i = 0; i < n; i += 32)
            fputs("0123456789abcdef0123456789abcd,\n", rs_outfile_stream(out));
        if (rs_outfile_commit(out, err, sizeof err) == 0)
            _exit(1);
        if (!strstr(err, want)) {
            fprintf(stderr, "message: %s\n", err);
            _exit(2);
        }
        _exit(0);
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFEXITED(status), "the child died of signal %d", WTERMSIG(status));
    return WEXITSTATUS(status);
}

START_TEST(failing_write_keeps_the_old_file)
{
    /* The user's 100 KB results; the new ones do not fit under a 32 KB limit
     * (a full disk, as far as the writer can tell). */
    const char *path = in_dir("results.json");
    char old[100001];
    memset(old, 'o', sizeof old - 1);
    old[sizeof old - 1] = '\0';
    put(path, old);
    char want[512];
    snprintf(want, sizeof want, "%s: cannot write: %s", path, strerror(EFBIG));
    ck_assert_int_eq(write_limited(path, 32768, 200000, want), 0);
    ck_assert_str_eq(contents(path), old);
    ck_assert_int_eq(temporaries_left(dir), 0);

    /* Under the limit the same write succeeds. */
    ck_assert_int_eq(write_limited(path, 1 << 20, 200000, ""), 1);
    ck_assert_uint_eq(strlen(contents(path)), 200000);
    ck_assert_int_eq(temporaries_left(dir), 0);
}
END_TEST

static int fill(FILE *f, const void *arg)
{
    (void)arg;
    fputs("complete\n", f);
    return 0;
}

static int give_up(FILE *f, const void *arg)
{
    (void)arg;
    fputs("partial", f);
    return -1;
}

START_TEST(write_in_one_call)
{
    const char *path = in_dir("fig.svg");
    put(path, "old\n");
    char err[512];
    ck_assert_int_eq(rs_outfile_write(path, give_up, NULL, err, sizeof err), -1);
    char want[600];
    snprintf(want, sizeof want, "%s: cannot write", path);
    ck_assert_str_eq(err, want);
    ck_assert_str_eq(contents(path), "old\n");
    ck_assert_int_eq(temporaries_left(dir), 0);
    ck_assert_int_eq(rs_outfile_write(path, fill, NULL, err, sizeof err), 0);
    ck_assert_str_eq(contents(path), "complete\n");
}
END_TEST

START_TEST(cannot_open)
{
    char err[512], want[600];
    const char *path = in_dir("no/such/folder.csv");
    ck_assert_ptr_null(rs_outfile_open(path, err, sizeof err));
    snprintf(want, sizeof want, "%s: cannot write: No such file or directory", path);
    ck_assert_str_eq(err, want);

    ck_assert_ptr_null(rs_outfile_open(dir, err, sizeof err));
    snprintf(want, sizeof want, "%s: cannot write: Is a directory", dir);
    ck_assert_str_eq(err, want);

    ck_assert_ptr_null(rs_outfile_open("", err, sizeof err));
    ck_assert_str_eq(err, "an output needs a file name (or - for standard output)");
    ck_assert_int_eq(temporaries_left(dir), 0);
}
END_TEST

START_TEST(symbolic_link_stays_a_link)
{
    ck_assert_int_eq(mkdir(in_dir("real"), 0755), 0);
    const char *target = in_dir("real/data.csv");
    put(target, "old\n");
    const char *link = in_dir("link.csv");
    ck_assert_int_eq(symlink("real/data.csv", link), 0);
    char err[512];
    rs_outfile *out = rs_outfile_open(link, err, sizeof err);
    ck_assert_msg(out != NULL, "%s", err);
    fputs("new\n", rs_outfile_stream(out));
    ck_assert_int_eq(rs_outfile_commit(out, err, sizeof err), 0);
    struct stat st;
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    ck_assert_str_eq(contents(target), "new\n");
    ck_assert_int_eq(temporaries_left(in_dir("real")), 0);
}
END_TEST

START_TEST(devices_are_written_in_place)
{
    char err[512];
    rs_outfile *out = rs_outfile_open("/dev/null", err, sizeof err);
    ck_assert_msg(out != NULL, "%s", err);
    fputs("nothing\n", rs_outfile_stream(out));
    ck_assert_msg(rs_outfile_commit(out, err, sizeof err) == 0, "%s", err);

    /* /dev/full: every write fails, and commit says why. */
    out = rs_outfile_open("/dev/full", err, sizeof err);
    ck_assert_msg(out != NULL, "%s", err);
    fputs("lost\n", rs_outfile_stream(out));
    ck_assert_int_eq(rs_outfile_commit(out, err, sizeof err), -1);
    ck_assert_str_eq(err, "/dev/full: cannot write: No space left on device");
}
END_TEST

/* In a child whose standard output is /dev/full: write through "-" and
 * through rs_stdout_check; the child exits 0 when both reported the error. */
START_TEST(standard_output_is_checked)
{
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        const int full = open("/dev/full", O_WRONLY);
        if (full < 0 || dup2(full, STDOUT_FILENO) < 0)
            _exit(3);
        char err[512];
        rs_outfile *out = rs_outfile_open("-", err, sizeof err);
        if (!out || rs_outfile_stream(out) != stdout)
            _exit(4);
        printf("step,loss\n");
        if (rs_outfile_commit(out, err, sizeof err) != -1 ||
            strcmp(err, "standard output: cannot write: No space left on device") != 0)
            _exit(5);
        clearerr(stdout);
        printf("a summary\n");
        if (rs_stdout_check(err, sizeof err) != -1 ||
            strcmp(err, "standard output: cannot write: No space left on device") != 0)
            _exit(6);
        _exit(0);
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);

    /* A good standard output passes. */
    char err[512];
    ck_assert_int_eq(rs_stdout_check(err, sizeof err), 0);
}
END_TEST

START_TEST(temporaries_removed_from_a_signal_handler)
{
    char err[512];
    rs_outfile *a = rs_outfile_open(in_dir("a.csv"), err, sizeof err);
    rs_outfile *b = rs_outfile_open(in_dir("b.jsonl"), err, sizeof err);
    ck_assert(a && b);
    ck_assert_int_eq(temporaries_left(dir), 2);
    rs_outfile_discard_temporaries();
    ck_assert_int_eq(temporaries_left(dir), 0);
    rs_outfile_abort(a);
    rs_outfile_abort(b);
    ck_assert_str_eq(contents(in_dir("a.csv")), "<missing>");
}
END_TEST

START_TEST(same_file)
{
    ck_assert_int_eq(chdir(dir), 0);
    ck_assert_int_eq(mkdir("sub", 0755), 0);
    put("existing.csv", "x\n");
    ck_assert_int_eq(link("existing.csv", "hard.csv"), 0);
    ck_assert_int_eq(symlink("existing.csv", "soft.csv"), 0);
    ck_assert_int_eq(symlink(".", "here"), 0);
    char abs_new[600];
    snprintf(abs_new, sizeof abs_new, "%s/new.csv", dir);

    static const struct { const char *a, *b; bool same; } cases[] = {
        {"run.csv", "run.csv", true},
        {"run.csv", "./run.csv", true},
        {"run.csv", ".//run.csv", true},
        {"sub/../run.csv", "run.csv", true},
        {"here/run.csv", "run.csv", true},              /* a linked folder */
        {"run.csv", "run.svg", false},
        {"run.csv", "sub/run.csv", false},
        {"existing.csv", "hard.csv", true},             /* a hard link */
        {"existing.csv", "soft.csv", true},             /* a symbolic link */
        {"sub/../existing.csv", "here/soft.csv", true},
        {"/dev/null", "/dev/null", false},              /* devices take any number */
        {"-", "-", true},                               /* but standard output one table */
        {"run.csv", NULL, false},
        {NULL, NULL, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(rs_outfile_same(cases[i].a, cases[i].b) == cases[i].same, "%s, %s: expected %s",
                      cases[i].a ? cases[i].a : "NULL", cases[i].b ? cases[i].b : "NULL",
                      cases[i].same ? "the same" : "different");
    ck_assert(rs_outfile_same("new.csv", abs_new));

    /* Standard output is the same as the file it is redirected to. */
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        const int fd = open("existing.csv", O_WRONLY);
        if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
            _exit(3);
        _exit(rs_outfile_same("-", "hard.csv") && rs_outfile_same("-", "/dev/stdout") && rs_outfile_same("-", "-") &&
              !rs_outfile_same("-", "run.csv") ? 0 : 1);
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);

    const char *paths[] = {"run.csv", NULL, "fig.svg", "./run.csv"};
    const char *labels[] = {"--csv run.csv", "--jsonl", "--svg fig.svg", "the CSV beside --svg ./run.svg"};
    char err[512];
    ck_assert_int_eq(rs_outfile_distinct(paths, labels, 4, err, sizeof err), -1);
    ck_assert_str_eq(err, "--csv run.csv and the CSV beside --svg ./run.svg name the same file; give each output its own");
    ck_assert_int_eq(rs_outfile_distinct(paths, labels, 3, err, sizeof err), 0);
}
END_TEST

static Suite *outfile_suite(void)
{
    Suite *s = suite_create("outfile");
    TCase *tc = tcase_create("outfile");
    tcase_add_checked_fixture(tc, make_dir, remove_dir);
    tcase_add_test(tc, new_file_appears_only_when_complete);
    tcase_add_test(tc, existing_file_is_replaced_whole);
    tcase_add_test(tc, abort_leaves_the_old_file);
    tcase_add_test(tc, failing_write_keeps_the_old_file);
    tcase_add_test(tc, write_in_one_call);
    tcase_add_test(tc, cannot_open);
    tcase_add_test(tc, symbolic_link_stays_a_link);
    tcase_add_test(tc, devices_are_written_in_place);
    tcase_add_test(tc, standard_output_is_checked);
    tcase_add_test(tc, temporaries_removed_from_a_signal_handler);
    tcase_add_test(tc, same_file);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return rs_run_suite(outfile_suite());
}
