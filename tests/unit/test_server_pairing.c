/* The pairing code's first use, in process against the real server on
 * 127.0.0.1: the code's hash is saved once (admin.json, apart from the config
 * layers), outside the server lock, even when many requests use the code at
 * the same moment; and a token a layer brings ends pairing. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "wallboard/auth.h"
#include "wallboard/server.h"

#define CLIENTS 6

struct log {
	pthread_mutex_t lock;
	int paired, save_failed;
};

static void on_log(void *ctx, const char *line)
{
	struct log *log = ctx;
	pthread_mutex_lock(&log->lock);
	log->paired += strstr(line, "pairing code used") != NULL;
	log->save_failed += strstr(line, "cannot save the paired") != NULL;
	pthread_mutex_unlock(&log->lock);
}

static void on_notify(void *ctx)
{
	(void)ctx;
}

struct client {
	int port;
	const char *token;
	int status;
};

/* GET /api/v1/config with the token; the status code, or -1. */
static int get_config(int port, const char *token)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	char req[256];
	int n = snprintf(req, sizeof req,
			 "GET /api/v1/config HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
			 "Connection: close\r\n\r\n",
			 token);
	char head[64] = "";
	int status = -1;
	if (write(fd, req, (size_t)n) == n && read(fd, head, sizeof head - 1) > 12)
		sscanf(head, "HTTP/1.%*d %d", &status);
	close(fd);
	return status;
}

static void *client_thread(void *arg)
{
	struct client *c = arg;
	c->status = get_config(c->port, c->token);
	return NULL;
}

/* A server on loopback with a fresh pairing code on the wall and an empty
 * state directory: what each test starts from. */
struct paired_board {
	char dir[32];
	char code[WB_AUTH_PAIRING_CODE_SIZE];
	struct log log;
	struct wb_server *server;
	int port;
};

static void board_open(struct paired_board *b)
{
	struct wb_error err;
	assert_int_equal(wb_auth_init(&err), WB_OK);
	snprintf(b->dir, sizeof b->dir, "%s", "/tmp/wb-pairing-XXXXXX");
	assert_non_null(mkdtemp(b->dir));
	wb_auth_generate_code(b->code);
	struct wb_config cfg;
	wb_config_defaults(&cfg);
	snprintf(cfg.http.bind, sizeof cfg.http.bind, "%s", "127.0.0.1");
	cfg.http.port = 0;
	wb_auth_hash(b->code, cfg.admin.token_hash, sizeof cfg.admin.token_hash);
	b->log = (struct log){ .lock = PTHREAD_MUTEX_INITIALIZER };
	struct wb_server_options opt = { .web_dir = "",
					 .state_dir = b->dir,
					 .pairing_code = b->code,
					 .notify = on_notify,
					 .log = on_log,
					 .ctx = &b->log };
	b->server = wb_server_create(&cfg, NULL, &opt, &err);
	assert_non_null(b->server);
	b->port = wb_server_port(b->server);
	assert_true(wb_server_pairing_pending(b->server));
}

static void board_close(struct paired_board *b)
{
	wb_server_destroy(b->server);
	char cmd[sizeof b->dir + 16];
	snprintf(cmd, sizeof cmd, "rm -rf %s", b->dir);
	assert_int_equal(system(cmd), 0);
}

static void test_first_use_saves_once(void **state)
{
	(void)state;
	struct paired_board b;
	board_open(&b);

	/* A wrong token pairs nothing. */
	assert_int_equal(get_config(b.port, "WRONG-CODE-0000-0000-0000"), 401);
	assert_true(wb_server_pairing_pending(b.server));
	char path[sizeof b.dir + 16];
	/* Pairing keeps the hash apart from the config layers. */
	snprintf(path, sizeof path, "%s/admin.json", b.dir);
	struct stat st;
	assert_int_not_equal(stat(path, &st), 0);

	pthread_t threads[CLIENTS];
	struct client clients[CLIENTS];
	for (int i = 0; i < CLIENTS; i++) {
		clients[i] = (struct client){ .port = b.port, .token = b.code };
		assert_int_equal(pthread_create(&threads[i], NULL, client_thread, &clients[i]), 0);
	}
	for (int i = 0; i < CLIENTS; i++) {
		pthread_join(threads[i], NULL);
		assert_int_equal(clients[i].status, 200);
	}
	assert_false(wb_server_pairing_pending(b.server));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* Pairing writes no config layer: a config file goes on applying. */
	char layer[sizeof b.dir + 16];
	snprintf(layer, sizeof layer, "%s/config.json", b.dir);
	assert_int_not_equal(stat(layer, &st), 0);
	assert_int_equal(b.log.paired, 1);
	assert_int_equal(b.log.save_failed, 0);
	/* One new generation for the main thread, holding the code's hash. */
	uint64_t seen = 0;
	struct wb_config *got = malloc(sizeof *got);
	assert_non_null(got);
	assert_true(wb_server_config(b.server, &seen, got));
	assert_int_equal(seen, 1);
	assert_true(wb_auth_verify(b.code, got->admin.token_hash));
	assert_false(wb_server_config(b.server, &seen, got));
	free(got);
	/* The code keeps working after pairing. */
	assert_int_equal(get_config(b.port, b.code), 200);
	assert_int_equal(b.log.paired, 1);

	board_close(&b);
}

/* A managed document brings an admin token while the code is on the wall:
 * the code stops working and is never saved as the device's own token, so
 * the central side can rotate its token later. */
static void test_a_central_token_ends_pairing(void **state)
{
	(void)state;
	struct paired_board b;
	board_open(&b);

	const char *central = "central-admin-token-0123456789";
	char hash[WB_ADMIN_HASH_MAX];
	wb_auth_hash(central, hash, sizeof hash);
	struct wb_config_locks locks = { 0 };
	assert_int_equal(
		wb_server_set_managed(b.server, "{\"display\": {\"title\": \"Vloer 3\"}}", &locks, hash),
		WB_OK);
	assert_false(wb_server_pairing_pending(b.server));
	assert_int_equal(get_config(b.port, b.code), 401);
	assert_int_equal(get_config(b.port, central), 200);
	char path[sizeof b.dir + 16];
	snprintf(path, sizeof path, "%s/admin.json", b.dir);
	struct stat st;
	assert_int_not_equal(stat(path, &st), 0);
	assert_int_equal(b.log.paired, 0);

	board_close(&b);
}

/* Issue 17 finding 15: the code typed as read off the screen, in lower
 * case and without its dashes, pairs; so does it with spaces after. A
 * wrong symbol in that form is still a wrong token. */
static void test_the_code_pairs_in_any_case_and_grouping(void **state)
{
	(void)state;
	struct paired_board b;
	board_open(&b);
	char typed[WB_AUTH_PAIRING_CODE_SIZE], spaced[WB_AUTH_PAIRING_CODE_SIZE],
		wrong[WB_AUTH_PAIRING_CODE_SIZE];
	size_t n = 0;
	for (const char *p = b.code; *p; p++)
		if (*p != '-')
			typed[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	typed[n] = '\0';
	snprintf(wrong, sizeof wrong, "%s", typed);
	wrong[0] = wrong[0] == '2' ? '3' : '2';
	assert_int_equal(get_config(b.port, wrong), 401);
	assert_true(wb_server_pairing_pending(b.server));
	assert_int_equal(get_config(b.port, typed), 200);
	assert_false(wb_server_pairing_pending(b.server));
	assert_int_equal(b.log.paired, 1);
	/* Paired, the code in its shown form and as typed both stay the token. */
	assert_int_equal(get_config(b.port, b.code), 200);
	snprintf(spaced, sizeof spaced, "%s", b.code);
	for (size_t i = 4; i < sizeof spaced; i += 5)
		spaced[i] = spaced[i] == '-' ? ' ' : spaced[i];
	assert_int_equal(get_config(b.port, spaced), 200);
	board_close(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_use_saves_once),
		cmocka_unit_test(test_a_central_token_ends_pairing),
		cmocka_unit_test(test_the_code_pairs_in_any_case_and_grouping),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
