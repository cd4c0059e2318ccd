/*
 * DTLS over a bad network, simulated: a relay that drops about 20% of the
 * datagrams, duplicates some and delivers them in random order
 * (deterministic PRNG seeds). Retransmission timers are driven the way a
 * real caller drives them: when the network falls quiet, wait for the
 * earliest timer the engines report, then call handle_timeout. The
 * handshake must complete within a bounded (simulated) time, and data sent
 * over the same network must arrive at most once per message.
 *
 * OpenSSL measures timer expiry with the system clock, so the simulated
 * wait is also slept for real; short retransmission times
 * (sp_conn_set_dtls_retransmit) keep the whole test well under a second
 * per seed.
 */
#include "harness.h"

#include <time.h>

#define MAX_IN_FLIGHT 256
#define MESSAGES 40

typedef struct datagram {
  int to_server;
  size_t len;
  uint8_t data[2048];
} datagram;

typedef struct network {
  uint32_t rng;
  datagram flight[MAX_IN_FLIGHT];
  size_t count;
  unsigned sent, dropped, duplicated;
  uint64_t now_ms; /* the simulated clock */
  unsigned timeouts;
} network;

static uint32_t next_random(network *net) { /* xorshift32 */
  uint32_t x = net->rng;

  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  net->rng = x;
  return x;
}

static void enqueue(network *net, int to_server, const uint8_t *data,
                    size_t len) {
  datagram *d;

  if (net->count == MAX_IN_FLIGHT || len > sizeof d->data)
    harness_bail("network overflow", "enqueue");
  d = &net->flight[net->count++];
  d->to_server = to_server;
  d->len = len;
  memcpy(d->data, data, len);
}

/* What one end sent goes onto the network: 20% lost, 10% doubled. */
static void collect(network *net, sp_conn *from, int to_server) {
  const uint8_t *data;
  size_t n;

  while ((n = sp_conn_output_datagram(from, &data)) > 0) {
    uint32_t r = next_random(net) % 100;

    net->sent++;
    if (r < 20) {
      net->dropped++;
    } else {
      enqueue(net, to_server, data, n);
      if (r >= 90) {
        net->duplicated++;
        enqueue(net, to_server, data, n);
      }
    }
    sp_conn_output_consume(from, n);
  }
}

/* Take a random datagram off the network (reordering). */
static datagram take_random(network *net) {
  size_t i = next_random(net) % net->count;
  datagram d = net->flight[i];

  net->flight[i] = net->flight[--net->count];
  return d;
}

static void sleep_ms(uint64_t ms) {
  struct timespec ts;

  ts.tv_sec = (time_t)(ms / 1000);
  ts.tv_nsec = (long)(ms % 1000) * 1000000L;
  while (nanosleep(&ts, &ts) != 0) {
  }
}

/* The network is quiet: advance to the earliest timer and fire it. */
static int fire_timers(network *net, pair *p) {
  uint64_t client_ms = 0, server_ms = 0, wait;
  int client_on = sp_conn_dtls_timeout(p->client.conn, &client_ms) == SP_OK;
  int server_on = sp_conn_dtls_timeout(p->server.conn, &server_ms) == SP_OK;

  if (!client_on && !server_on)
    return 0; /* nobody waits for anything: stuck */
  wait = !client_on   ? server_ms
         : !server_on ? client_ms
                      : (client_ms < server_ms ? client_ms : server_ms);
  sleep_ms(wait);
  net->now_ms += wait;
  net->timeouts++;
  /* handle_timeout resends only what is due; calling both is harmless. */
  if (sp_conn_dtls_handle_timeout(p->client.conn) != SP_OK ||
      sp_conn_dtls_handle_timeout(p->server.conn) != SP_OK)
    return 0;
  harness_note_queue();
  return 1;
}

static void deliver(pair *p, const datagram *d) {
  side *to = d->to_server ? &p->server : &p->client;

  (void)sp_conn_feed(to->conn, d->data, d->len);
  harness_note_queue();
  side_step(to);
}

static int handshaken(pair *p) {
  return sp_conn_handshake_done(p->client.conn) &&
         sp_conn_handshake_done(p->server.conn);
}

/* Run the network until both ends are done (or nothing can progress). */
static void run_handshake(network *net, pair *p) {
  int steps = 0;

  side_step(&p->client);
  side_step(&p->server);
  while (!handshaken(p) && steps++ < 10000 &&
         sp_conn_error(p->client.conn) == NULL &&
         sp_conn_error(p->server.conn) == NULL) {
    collect(net, p->client.conn, 1);
    collect(net, p->server.conn, 0);
    if (net->count > 0) {
      datagram d = take_random(net);
      deliver(p, &d);
    } else if (!fire_timers(net, p)) {
      break;
    }
  }
}

/* Client -> server messages over the lossy network: each arrives at most
 * once, and every one of which a copy got through arrives. */
static void run_messages(network *net, pair *p, unsigned seed) {
  int got[MESSAGES] = {0}, survived[MESSAGES] = {0};
  int twice = 0, missing = 0, foreign = 0, i;
  unsigned char buf[16384];
  size_t n;

  /* What the handshake left queued (a retransmitted flight, say) goes on
   * the network first, so that `survived` counts the messages alone. */
  collect(net, p->client.conn, 1);
  collect(net, p->server.conn, 0);
  for (i = 0; i < MESSAGES; i++) {
    char message[32];
    size_t before = net->count;

    snprintf(message, sizeof message, "message %02d", i);
    if (side_write(&p->client, message, strlen(message)) != SP_OK)
      harness_bail("write failed", message);
    collect(net, p->client.conn, 1);
    survived[i] = net->count > before;
  }
  while (net->count > 0) {
    datagram d = take_random(net);

    (void)sp_conn_feed(d.to_server ? p->server.conn : p->client.conn, d.data,
                       d.len);
    if (!d.to_server)
      continue;
    while (sp_conn_read(p->server.conn, buf, sizeof buf, &n) == SP_OK) {
      int index = -1;
      if (n == 10 && memcmp(buf, "message ", 8) == 0)
        index = (buf[8] - '0') * 10 + (buf[9] - '0');
      if (index < 0 || index >= MESSAGES)
        foreign++;
      else if (got[index]++)
        twice++;
    }
    harness_note_queue();
    collect(net, p->server.conn, 0);
  }
  for (i = 0; i < MESSAGES; i++)
    if (survived[i] && !got[i])
      missing++;
  CHECK_INT(twice, 0, "seed %u: no message delivered twice", seed);
  CHECK_INT(foreign, 0, "seed %u: nothing but the messages sent", seed);
  CHECK_INT(missing, 0, "seed %u: every message that got through was delivered",
            seed);
}

static network total; /* counts over all seeds */

static void run_seed(unsigned seed) {
  network *net = calloc(1, sizeof *net);
  pair p;

  if (net == NULL)
    harness_bail("out of memory", "network");
  net->rng = seed * 2654435761u + 1u;
  pair_init(&p,
            transport_ctx_with(SP_TRANSPORT_DTLS, NULL, NULL, "ca1-cert.pem"),
            transport_server_ctx(SP_TRANSPORT_DTLS, "server-rsa", NULL));
  /* A small MTU makes more datagrams, so more of them get lost. */
  sp_conn_set_mtu(p.client.conn, 512);
  sp_conn_set_mtu(p.server.conn, 512);
  sp_conn_set_dtls_retransmit(p.client.conn, 20, 160);
  sp_conn_set_dtls_retransmit(p.server.conn, 20, 160);
  run_handshake(net, &p);
  CHECK(handshaken(&p) && sp_conn_error(p.client.conn) == NULL &&
            sp_conn_error(p.server.conn) == NULL,
        "seed %u: the handshake completes (%u datagrams sent, %u lost, %u "
        "doubled, %u timer waits)",
        seed, net->sent, net->dropped, net->duplicated, net->timeouts);
  CHECK(net->now_ms < 10000, "seed %u: within %llu ms of simulated time", seed,
        (unsigned long long)net->now_ms);
  if (handshaken(&p))
    run_messages(net, &p, seed);
  total.sent += net->sent;
  total.dropped += net->dropped;
  total.duplicated += net->duplicated;
  total.timeouts += net->timeouts;
  pair_free(&p);
  free(net);
}

int main(void) {
  unsigned seed;

  for (seed = 1; seed <= 8; seed++)
    run_seed(seed);
  /* The network really was that bad, and the timers did the repairs. */
  CHECK(total.dropped * 100 >= total.sent * 12 && total.duplicated > 0,
        "%u of %u datagrams lost, %u doubled", total.dropped, total.sent,
        total.duplicated);
  CHECK(total.timeouts > 0, "%u retransmission timers fired", total.timeouts);
  return harness_done();
}
