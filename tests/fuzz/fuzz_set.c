/* Fuzz target: command-line settings. Each line of the input is one
 * argument: "s key=value" for --set, "c key=value" for --compare (any other
 * first byte: --set of the whole line). Then the compare side is built and
 * every key formatted. Properties: a refused argument changes nothing and
 * says why; the config formats back to values that set again. */
#include "fuzz.h"

#include "rnnscope/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_string(data, size);
    if (!text)
        return 0;
    static rs_config cfg, before, right, again;
    rs_config_defaults(&cfg);
    char err[2048];
    int lines = 0;
    for (char *line = text, *next; line && lines < 64; line = next, lines++) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        const bool compare = line[0] == 'c' && line[1] == ' ';
        const char *arg = (line[0] == 's' || line[0] == 'c') && line[1] == ' ' ? line + 2 : line;
        before = cfg;
        err[0] = '\0';
        const int rc = compare ? rs_compare_set_arg(&cfg, arg, err, sizeof err)
                               : rs_config_set_arg(&cfg, arg, err, sizeof err);
        if (rc != 0) {
            if (memcmp(&cfg, &before, sizeof cfg) != 0)
                fuzz_fail("a refused '%s' changed the config (%s)", arg, err);
            if (!err[0])
                fuzz_fail("'%s' was refused without a message", arg);
        }
    }
    free(text);
    if (cfg.compare.count > 0)
        rs_compare_config(&cfg, &right, err, sizeof err);

    /* Every value formats to text that sets it again, exactly. */
    again = cfg;
    char buf[2048];
    for (size_t i = 0; i < rs_nkeys; i++) {
        const rs_key *k = &rs_keys[i];
        rs_config_format(&cfg, k, buf, sizeof buf);
        if (k->type == RS_KEY_TEXT)
            continue;   /* text is kept as given, blanks and all */
        if (rs_config_set(&again, k->key, buf, err, sizeof err) != 0)
            fuzz_fail("%s formats as '%s', which does not set again: %s", k->key, buf, err);
        if (k->type == RS_KEY_REAL && rs_config_get_real(&again, k) != rs_config_get_real(&cfg, k))
            fuzz_fail("%s formats as '%s', which reads back as another number", k->key, buf);
    }
    return 0;
}
