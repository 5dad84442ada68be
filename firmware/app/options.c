/* The command line: one table of options, from which both getopt_long's array
 * and the usage text are built, so an option and its help cannot drift apart.
 * To add an option: a row in `opts` (and a field in struct wb_app_options). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wallboard/timeutil.h"

#include "app.h"

/* What a row does with its argument: 0 go on, 1 exit 0, -1 usage error
 * (already reported). */
typedef int (*opt_handler)(struct wb_app_options *o, const char *arg);

struct opt {
	const char *name;
	const char *arg;  /* the argument's name in the usage text; NULL: takes none */
	const char *help; /* "\n" starts a line under the help column; NULL: listed
	                   * with the other such rows on one line */
	/* Without a handler: offsetof the const char * (with arg) or bool
	 * (without) that the option sets. */
	size_t field;
	opt_handler handler;
};

static int parse_size(const char *s, int *w, int *h)
{
	char tail;
	if (sscanf(s, "%dx%d%c", w, h, &tail) != 2 || *w < 320 || *h < 240 || *w > 7680 || *h > 7680)
		return -1;
	return 0;
}

static int on_size(struct wb_app_options *o, const char *arg)
{
	if (parse_size(arg, &o->width, &o->height) != 0) {
		wb_app_say("--size: expected WxH between 320x240 and 7680x7680, got \"%s\"", arg);
		return -1;
	}
	return 0;
}

static int on_version(struct wb_app_options *o, const char *arg)
{
	(void)o;
	(void)arg;
	printf("wallboard %s\n", WB_VERSION);
	return 1;
}

static void usage(FILE *out);

static int on_help(struct wb_app_options *o, const char *arg)
{
	(void)o;
	(void)arg;
	usage(stdout);
	return 1;
}

#define FIELD(f) offsetof(struct wb_app_options, f)

static const struct opt opts[] = {
	{ "feed", "URL", "feed v1 URL (http, https or file); overrides the config", FIELD(feed_url), NULL },
	{ "token", "TOKEN", "bearer token for the feed (or env WALLBOARD_FEED_TOKEN)", FIELD(token), NULL },
	{ "config", "FILE", "JSON config (default " WB_APP_DEFAULT_CONFIG_PATH " if present)",
	  FIELD(config_path), NULL },
	{ "check-config", "FILE", "validate a config file, print every problem, exit",
	  FIELD(check_config_path), NULL },
	{ "import-config", "FILE",
	  "merge FILE (e.g. wallboard.json from the boot partition) into\n"
	  "the saved config in --state-dir, then exit",
	  FIELD(import_config_path), NULL },
	{ "web-dir", "DIR", "the remote-config web page (default " WB_WEB_DIR ")", FIELD(web_dir), NULL },
	{ "state-dir", "DIR", "saved config and last good feed (default " WB_APP_DEFAULT_STATE_DIR ")",
	  FIELD(state_dir), NULL },
	{ "size", "WxH",
	  "window or screenshot size (default 1920x1080; full screen\n"
	  "takes the display's own mode, except on the headless offscreen\n"
	  "and dummy drivers)",
	  0, on_size },
	{ "windowed", NULL, "a window instead of full screen", FIELD(windowed), NULL },
	{ "screenshot", "OUT.png", "render one frame after the first successful fetch and exit",
	  FIELD(screenshot_path), NULL },
	{ "now", "RFC3339", "with --screenshot: draw as if it were this time", FIELD(now_text), NULL },
	{ "describe", "OUT.json",
	  "with --screenshot: also write what the frame shows as JSON\n"
	  "(every text with its place, size and colour; every tile's state)",
	  FIELD(describe_path), NULL },
	{ "ntp-file", "PATH",
	  "write clock.ntp to PATH as a systemd-timesyncd drop-in\n"
	  "whenever it changes (the image installs it)",
	  FIELD(ntp_file), NULL },
	{ "boot-report", "PATH",
	  "the first-boot report (NAME<TAB>applied|rejected<TAB>MESSAGE\n"
	  "lines), shown on the start screen and in the status",
	  FIELD(boot_report), NULL },
	{ "update-dir", "DIR",
	  "the image's update files: state.json read, incoming/ written\n"
	  "(default <state-dir>/update)",
	  FIELD(update_dir), NULL },
	{ "health-file", "PATH",
	  "written once the board is healthy enough to commit an\n"
	  "update (a feed poll and a frame, or update.health_s of frames)",
	  FIELD(health_file), NULL },
	{ "mdns-dir", "DIR",
	  "keep an avahi service file announcing _wallboard._tcp and\n"
	  "_http._tcp (id, name, version, port) in DIR (the image's)",
	  FIELD(mdns_dir), NULL },
	{ "print-hostname", NULL,
	  "print the hostname from device.id or the hardware, exit\n"
	  "(with --config and --state-dir; the image sets it at boot)",
	  FIELD(print_hostname), NULL },
	{ "log-polls", NULL, "a log line per poll (default: only when the feed's state changes)",
	  FIELD(log_polls), NULL },
	{ "version", NULL, NULL, 0, on_version },
	{ "help", NULL, NULL, 0, on_help },
};

#define N_OPTS (sizeof opts / sizeof opts[0])
#define HELP_COLUMN 24   /* where the help texts start */
#define OPT_VAL_BASE 256 /* getopt_long's val for row i; above every char */

static void usage(FILE *out)
{
	fputs("Usage: wallboard [options]\n"
	      "Shows live webcare mention counts, sentiment, alerts and SLA timers from a feed.\n\n",
	      out);
	bool listed_bare = false;
	for (size_t i = 0; i < N_OPTS; i++) {
		const struct opt *op = &opts[i];
		if (!op->help) {
			/* The rows without help share one line, where the first is. */
			if (listed_bare)
				continue;
			listed_bare = true;
			fputs(" ", out);
			const char *sep = " ";
			for (size_t j = i; j < N_OPTS; j++) {
				if (opts[j].help)
					continue;
				fprintf(out, "%s--%s", sep, opts[j].name);
				sep = ", ";
			}
			fputc('\n', out);
			continue;
		}
		char head[64];
		snprintf(head, sizeof head, "  --%s%s%s", op->name, op->arg ? " " : "",
			 op->arg ? op->arg : "");
		fprintf(out, "%-*s", HELP_COLUMN - 2, head);
		fputs("  ", out);
		for (const char *p = op->help; *p; p++) {
			fputc(*p, out);
			if (*p == '\n')
				fprintf(out, "%*s", HELP_COLUMN, "");
		}
		fputc('\n', out);
	}
	fputs("\n"
	      "Config layers: defaults, then --config, then <state-dir>/config.json (changes made\n"
	      "over HTTP); --feed and --token win over all. The HTTP API is described in\n"
	      "docs/openapi.yaml.\n"
	      "Send SIGUSR1 to write status.json and screenshot.png into the state directory.\n"
	      "Without a display, run with SDL_VIDEODRIVER=offscreen or use --screenshot.\n",
	      out);
}

int wb_app_parse_options(int argc, char **argv, struct wb_app_options *o)
{
	struct option longopts[N_OPTS + 1];
	for (size_t i = 0; i < N_OPTS; i++)
		longopts[i] = (struct option){ opts[i].name, opts[i].arg ? required_argument : no_argument,
					       NULL, OPT_VAL_BASE + (int)i };
	longopts[N_OPTS] = (struct option){ NULL, 0, NULL, 0 };

	memset(o, 0, sizeof(*o));
	o->width = 1920;
	o->height = 1080;
	o->token = getenv("WALLBOARD_FEED_TOKEN");
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c < OPT_VAL_BASE || c >= OPT_VAL_BASE + (int)N_OPTS) {
			usage(stderr);
			return -1;
		}
		const struct opt *op = &opts[c - OPT_VAL_BASE];
		if (op->handler) {
			int rc = op->handler(o, optarg);
			if (rc != 0)
				return rc;
		} else if (op->arg) {
			*(const char **)(void *)((char *)o + op->field) = optarg;
		} else {
			*(bool *)(void *)((char *)o + op->field) = true;
		}
	}
	if (optind < argc) {
		wb_app_say("unexpected argument \"%s\"", argv[optind]);
		return -1;
	}
	if (o->now_text && !o->screenshot_path) {
		wb_app_say("--now only applies to --screenshot");
		return -1;
	}
	if (o->describe_path && !o->screenshot_path) {
		wb_app_say("--describe only applies to --screenshot");
		return -1;
	}
	if (o->now_text && wb_time_parse_rfc3339(o->now_text, &o->now_ms) != WB_OK) {
		wb_app_say("--now: expected an RFC 3339 time such as 2026-11-23T09:20:00Z, got \"%s\"",
			   o->now_text);
		return -1;
	}
	return 0;
}
