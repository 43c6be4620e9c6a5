/* Fuzz target: a scenario file — every section, [compare] and [lesson]
 * included — read by rs_scenario_load, then its compare side built and every
 * key formatted. Properties: a failed load changes nothing; a good one holds
 * only clean UTF-8 text where people read it (title, summary, the lesson's
 * steps and captions). */
#include "fuzz.h"

#include "rnnscope/config.h"
#include "rnnscope/lesson.h"

static void check_text(const char *what, const char *s, size_t size)
{
    if (!memchr(s, '\0', size))
        fuzz_fail("%s is not terminated", what);
    if (!fuzz_clean_text(s))
        fuzz_fail("%s holds a control character: '%s'", what, s);
    if (fuzz_utf8_decode((const unsigned char *)s, strlen(s), NULL) < 0)
        fuzz_fail("%s is not UTF-8: '%s'", what, s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    const int fd = fuzz_memfile(data, size, path, sizeof path);
    if (fd < 0)
        return 0;
    static rs_config cfg, before, right;
    static rs_lesson lesson, lesson_before;
    rs_config_defaults(&cfg);
    before = cfg;
    memset(&lesson, 0x5A, sizeof lesson);
    lesson_before = lesson;
    char err[2048];
    const int rc = rs_scenario_load(&cfg, &lesson, path, err, sizeof err);
    close(fd);
    if (rc != 0) {
        if (memcmp(&cfg, &before, sizeof cfg) != 0 || memcmp(&lesson, &lesson_before, sizeof lesson) != 0)
            fuzz_fail("a failed load changed the config or the lesson (%s)", err);
        if (!err[0] || !fuzz_clean_text(err))
            fuzz_fail("the error message is empty or holds a control character: '%s'", err);
        return 0;
    }
    check_text("scenario.title", cfg.scenario.title, sizeof cfg.scenario.title);
    check_text("scenario.summary", cfg.scenario.summary, sizeof cfg.scenario.summary);
    if (lesson.nsteps < 0 || lesson.nsteps > RS_LESSON_MAX_STEPS)
        fuzz_fail("%d lesson steps", lesson.nsteps);
    for (int i = 0; i < lesson.nsteps; i++) {
        check_text("a step's title", lesson.step[i].title, sizeof lesson.step[i].title);
        check_text("a caption", lesson.step[i].caption, sizeof lesson.step[i].caption);
        if (lesson.step[i].nactions < 0 || lesson.step[i].nactions > RS_LESSON_MAX_ACTIONS)
            fuzz_fail("%d actions", lesson.step[i].nactions);
    }
    if (cfg.compare.count > 0)
        rs_compare_config(&cfg, &right, err, sizeof err);
    char buf[2048];
    for (size_t i = 0; i < rs_nkeys; i++) {
        rs_config_format(&cfg, &rs_keys[i], buf, sizeof buf);
        if (memchr(buf, '\0', sizeof buf) == NULL)
            fuzz_fail("%s formats unterminated", rs_keys[i].key);
    }
    return 0;
}
