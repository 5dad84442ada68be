/* HTTPS for the server (docs/security.md): the second libmicrohttpd daemon,
 * on GnuTLS with the certificate the app loaded (platform/tlscert.c), and
 * the gate every request passes before routing, which applies the pure
 * policy of core/tls.c: what plain HTTP from another host may still get. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "wallboard/tls.h"

static char *copy_text(const char *s)
{
	size_t n = strlen(s) + 1;
	char *c = malloc(n);
	if (c)
		memcpy(c, s, n);
	return c;
}

void wb_http_tls_start(struct wb_server *s, const struct wb_config *cfg, const struct wb_server_options *opt,
		       struct sockaddr_storage addr)
{
	s->tls_http = cfg->http;
	snprintf(s->redirect_host, sizeof s->redirect_host, "%s",
		 opt->redirect_host ? opt->redirect_host : "");
	if (!cfg->http.tls_enabled)
		return;
	if (!opt->tls_cert_pem || !opt->tls_key_pem) {
		snprintf(s->tls_error, sizeof s->tls_error, "%s", "no certificate");
		return;
	}
	if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
		snprintf(s->tls_error, sizeof s->tls_error, "%s",
			 "this libmicrohttpd was built without TLS (GnuTLS)");
		return;
	}
	/* libmicrohttpd keeps the pointers: they live as long as the server. */
	s->tls_cert_pem = copy_text(opt->tls_cert_pem);
	s->tls_key_pem = copy_text(opt->tls_key_pem);
	if (!s->tls_cert_pem || !s->tls_key_pem) {
		snprintf(s->tls_error, sizeof s->tls_error, "%s", "out of memory");
		return;
	}
	if (addr.ss_family == AF_INET6)
		((struct sockaddr_in6 *)(void *)&addr)->sin6_port = htons((uint16_t)cfg->http.tls_port);
	else
		((struct sockaddr_in *)(void *)&addr)->sin_port = htons((uint16_t)cfg->http.tls_port);
	const struct MHD_OptionItem tls[] = {
		{ MHD_OPTION_HTTPS_MEM_KEY, 0, s->tls_key_pem },
		{ MHD_OPTION_HTTPS_MEM_CERT, 0, s->tls_cert_pem },
		{ MHD_OPTION_END, 0, NULL },
	};
	s->tls_daemon = wb_http_start_daemon(s, MHD_USE_TLS, &addr, tls);
	if (!s->tls_daemon) {
		snprintf(s->tls_error, sizeof s->tls_error, "cannot listen on %s port %d", cfg->http.bind,
			 cfg->http.tls_port);
		return;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->tls_daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->tls_port = info ? info->port : cfg->http.tls_port;
}

void wb_http_tls_stop(struct wb_server *s)
{
	if (s->tls_daemon)
		MHD_stop_daemon(s->tls_daemon);
	s->tls_daemon = NULL;
	if (s->tls_key_pem)
		sodium_memzero(s->tls_key_pem, strlen(s->tls_key_pem));
	free(s->tls_key_pem);
	free(s->tls_cert_pem);
	s->tls_key_pem = s->tls_cert_pem = NULL;
}

/* This host exactly: 127.0.0.2 and the rest of 127/8 count as another host,
 * so a test can play a LAN client by binding such a source address. */
static bool peer_is_local(const char *client)
{
	return strcmp(client, "127.0.0.1") == 0 || strcmp(client, "::1") == 0 ||
	       strcmp(client, "::ffff:127.0.0.1") == 0;
}

bool wb_http_tls_gate(struct wb_http_exchange *x, const char *url, enum MHD_Result *rc)
{
	struct wb_server *s = x->s;
	struct wb_tls_request req = {
		.secure = MHD_get_connection_info(x->c, MHD_CONNECTION_INFO_GNUTLS_SESSION) != NULL,
		.peer_local = peer_is_local(x->client),
		.path = url,
		.has_authorization = MHD_lookup_connection_value(x->c, MHD_HEADER_KIND,
								 MHD_HTTP_HEADER_AUTHORIZATION) != NULL,
	};
	switch (wb_tls_decide(&req, &s->tls_http, s->tls_daemon != NULL)) {
	case WB_TLS_SERVE:
		return true;
	case WB_TLS_REFUSE:
		*rc = wb_http_send_error(x->c, MHD_HTTP_FORBIDDEN, "tls_required",
					 "credentials are refused over plain HTTP: use https", NULL);
		return false;
	case WB_TLS_UNAVAILABLE:
		*rc = wb_http_send_error(x->c, MHD_HTTP_SERVICE_UNAVAILABLE, "tls_unavailable",
					 "HTTPS is on but could not start: see device.tls in /api/v1/status",
					 NULL);
		return false;
	case WB_TLS_REDIRECT:
	default:
		break;
	}
	char location[WB_URL_MAX];
	const char *host = MHD_lookup_connection_value(x->c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	if (!wb_tls_redirect_url(host, s->redirect_host, s->tls_port, url, location, sizeof location)) {
		*rc = wb_http_send_error(x->c, MHD_HTTP_URI_TOO_LONG, "uri_too_long", "path too long", NULL);
		return false;
	}
	const char *headers[] = { MHD_HTTP_HEADER_LOCATION, location, NULL };
	*rc = wb_http_send_error(x->c, MHD_HTTP_PERMANENT_REDIRECT, "https_required",
				 "this path is served over https only", headers);
	return false;
}

int wb_server_tls_port(const struct wb_server *s)
{
	return s->tls_daemon ? s->tls_port : 0;
}

const char *wb_server_tls_error(const struct wb_server *s)
{
	return s->tls_error;
}
