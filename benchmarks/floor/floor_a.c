/*
 * The kernel's floor for topology (a) of the netns-junit benchmark: the same netlink requests the library sends,
 * from C, with nothing else (no sysctl writes, no JVM). Not part of the build; compile and run it as root:
 *
 *   cc -O2 -o floor_a benchmarks/floor/floor_a.c && ./floor_a [RUNS] [PAUSE_MS] [sysctls]
 *
 * Per run: two namespaces by unshare(CLONE_NEWNET) with a route socket each (subscribed to link notifications)
 * and an fd from SIOCGSKNS; back home with setns; one datagram in the first namespace that creates the veth pair
 * (peer in the second, distinct ifindexes) and brings lo and veth0 up with 10.0.0.1/24; one datagram in the second
 * for lo and veth1 with 10.0.0.2/24; a wait for both ends' "operational" notifications; close everything. Then a
 * pause (default 40 ms, about the benchmark's wait for the kernel to destroy the namespaces) before the next run.
 * Prints the median and minimum of each phase over RUNS (default 200) runs after 50 warm-up runs.
 *
 * With "sysctls", each namespace also gets the four sysctl writes the library makes in every namespace it creates,
 * right after its unshare (open, write, close each, as the library does): net.ipv4.ip_forward=0 (a new namespace
 * inherits IPv4's "all" settings from the initial one), net.ipv4.ping_group_range="0 2147483647" (unprivileged ICMP
 * echo sockets) and net.ipv6.conf.{all,default}.accept_dad=0 (addresses usable at once): the like-for-like floor.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <linux/veth.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define WARMUP 50
#define PHASES 6
#define OPERSTATE_UP 6 /* IF_OPER_UP of linux/if.h, which clashes with net/if.h */

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

/* A datagram under construction. */
struct datagram {
    char bytes[4096];
    int used;
    unsigned seq;
};

static struct nlmsghdr *begin(struct datagram *d, int type, int flags, int header_size) {
    struct nlmsghdr *h = (struct nlmsghdr *) (d->bytes + d->used);
    memset(h, 0, NLMSG_SPACE(header_size));
    h->nlmsg_len = NLMSG_LENGTH(header_size);
    h->nlmsg_type = type;
    h->nlmsg_flags = NLM_F_REQUEST | flags;
    h->nlmsg_seq = ++d->seq;
    return h;
}

static void end(struct datagram *d, struct nlmsghdr *h) {
    d->used += NLMSG_ALIGN(h->nlmsg_len);
}

static struct rtattr *attr(struct nlmsghdr *h, int type, const void *data, int size) {
    struct rtattr *a = (struct rtattr *) ((char *) h + NLMSG_ALIGN(h->nlmsg_len));
    a->rta_type = type;
    a->rta_len = RTA_LENGTH(size);
    if (size > 0) {
        memcpy(RTA_DATA(a), data, size);
    }
    h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + RTA_ALIGN(a->rta_len);
    return a;
}

static void end_nest(struct nlmsghdr *h, struct rtattr *nest) {
    nest->rta_len = (char *) h + h->nlmsg_len - (char *) nest;
}

static void link_up(struct datagram *d, int index, int ack) {
    struct nlmsghdr *h = begin(d, RTM_NEWLINK, ack ? NLM_F_ACK : 0, sizeof(struct ifinfomsg));
    struct ifinfomsg *i = NLMSG_DATA(h);
    i->ifi_index = index;
    i->ifi_flags = IFF_UP;
    i->ifi_change = IFF_UP;
    end(d, h);
}

static void add_address(struct datagram *d, int index, const char *ip) {
    struct nlmsghdr *h = begin(d, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, sizeof(struct ifaddrmsg));
    struct ifaddrmsg *a = NLMSG_DATA(h);
    struct in_addr address;
    a->ifa_family = AF_INET;
    a->ifa_prefixlen = 24;
    a->ifa_index = index;
    inet_pton(AF_INET, ip, &address);
    attr(h, IFA_LOCAL, &address, 4);
    attr(h, IFA_ADDRESS, &address, 4);
    end(d, h);
}

static void add_veth(struct datagram *d, int index, int peer_index, int peer_namespace_fd) {
    struct nlmsghdr *h = begin(d, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, sizeof(struct ifinfomsg));
    struct ifinfomsg *i = NLMSG_DATA(h);
    struct ifinfomsg peer = {.ifi_index = peer_index};
    i->ifi_index = index;
    attr(h, IFLA_IFNAME, "veth0", 6);
    struct rtattr *info = attr(h, IFLA_LINKINFO, NULL, 0);
    attr(h, IFLA_INFO_KIND, "veth", 4);
    struct rtattr *data = attr(h, IFLA_INFO_DATA, NULL, 0);
    struct rtattr *peer_nest = attr(h, VETH_INFO_PEER, NULL, 0);
    memcpy((char *) h + h->nlmsg_len, &peer, sizeof peer);
    h->nlmsg_len += sizeof peer;
    attr(h, IFLA_IFNAME, "veth1", 6);
    attr(h, IFLA_NET_NS_FD, &peer_namespace_fd, 4);
    end_nest(h, peer_nest);
    end_nest(h, data);
    end_nest(h, info);
    end(d, h);
}

/* The ifindex that a link notification reports operationally up, or 0. */
static int up_index(struct nlmsghdr *h) {
    if (h->nlmsg_type != RTM_NEWLINK) {
        return 0;
    }
    struct ifinfomsg *i = NLMSG_DATA(h);
    int size = IFLA_PAYLOAD(h);
    for (struct rtattr *a = IFLA_RTA(i); RTA_OK(a, size); a = RTA_NEXT(a, size)) {
        if (a->rta_type == IFLA_OPERSTATE && *(unsigned char *) RTA_DATA(a) == OPERSTATE_UP) {
            return i->ifi_index;
        }
    }
    return 0;
}

/* Notes in *up (a bit per ifindex below 32) a link the notification reports operationally up. */
static void note_up(struct nlmsghdr *h, unsigned *up) {
    int index = up_index(h);
    if (index > 0 && index < 32) {
        *up |= 1u << index;
    }
}

/*
 * Sends the datagram and reads until the answer to its last request; any error ends the program. Link
 * notifications read meanwhile are noted in *up: linkwatch may report a link up before the last answer arrives, and
 * a notification read here is not read again.
 */
static void execute(int socket_fd, struct datagram *d, unsigned *up) {
    char buffer[16384];
    if (send(socket_fd, d->bytes, d->used, 0) != d->used) {
        die("send");
    }
    for (;;) {
        int n = recv(socket_fd, buffer, sizeof buffer, 0);
        if (n < 0) {
            die("recv");
        }
        for (struct nlmsghdr *h = (struct nlmsghdr *) buffer; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type != NLMSG_ERROR) {
                note_up(h, up);
                continue;
            }
            struct nlmsgerr *e = NLMSG_DATA(h);
            if (e->error != 0) {
                fprintf(stderr, "request %u: error %d\n", h->nlmsg_seq, e->error);
                exit(1);
            }
            if (h->nlmsg_seq == d->seq) {
                return;
            }
        }
    }
}

/* Reads link notifications until ifindex is operationally up (at once if one read before said so). */
static void await_operational(int socket_fd, int index, unsigned *up) {
    char buffer[16384];
    while (!(*up & (1u << index))) {
        int n = recv(socket_fd, buffer, sizeof buffer, 0);
        if (n < 0) {
            die("recv");
        }
        for (struct nlmsghdr *h = (struct nlmsghdr *) buffer; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
            note_up(h, up);
        }
    }
}

static int route_socket(void) {
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    struct sockaddr_nl address = {.nl_family = AF_NETLINK, .nl_groups = RTMGRP_LINK};
    int one = 1;
    if (fd < 0 || bind(fd, (struct sockaddr *) &address, sizeof address) < 0
            || setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one) < 0) {
        die("route socket");
    }
    return fd;
}

static void write_sysctl(const char *path, const char *value) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, value, strlen(value)) < 0) {
        die(path);
    }
    close(fd);
}

static void library_sysctls(int enabled) {
    if (enabled) {
        write_sysctl("/proc/sys/net/ipv4/ip_forward", "0\n");
        write_sysctl("/proc/sys/net/ipv4/ping_group_range", "0 2147483647\n");
        write_sysctl("/proc/sys/net/ipv6/conf/all/accept_dad", "0\n");
        write_sysctl("/proc/sys/net/ipv6/conf/default/accept_dad", "0\n");
    }
}

static int compare(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    int runs = argc > 1 ? atoi(argv[1]) : 200;
    int pause_ms = argc > 2 ? atoi(argv[2]) : 40;
    int sysctls = argc > 3 && strcmp(argv[3], "sysctls") == 0;
    const char *names[PHASES] = {"total", "home fd", "namespaces", "datagram 1", "datagram 2 + wait", "close"};
    double *times[PHASES];
    for (int p = 0; p < PHASES; p++) {
        times[p] = calloc(runs, sizeof(double));
    }
    for (int run = 0; run < WARMUP + runs; run++) {
        double t[PHASES + 1];
        t[0] = now_ms();
        int probe = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        int home = ioctl(probe, SIOCGSKNS);
        close(probe);
        t[1] = now_ms();
        if (unshare(CLONE_NEWNET) < 0) {
            die("unshare");
        }
        int socket_a = route_socket();
        int namespace_a = ioctl(socket_a, SIOCGSKNS);
        library_sysctls(sysctls);
        if (unshare(CLONE_NEWNET) < 0) {
            die("unshare");
        }
        int socket_b = route_socket();
        int namespace_b = ioctl(socket_b, SIOCGSKNS);
        library_sysctls(sysctls);
        if (setns(home, CLONE_NEWNET) < 0) {
            die("setns");
        }
        close(home);
        t[2] = now_ms();
        struct datagram a = {0}, b = {0};
        unsigned up_a = 0, up_b = 0;
        add_veth(&a, 2, 3, namespace_b);
        link_up(&a, 1, 0);
        add_address(&a, 2, "10.0.0.1");
        link_up(&a, 2, 1);
        execute(socket_a, &a, &up_a);
        t[3] = now_ms();
        link_up(&b, 1, 0);
        add_address(&b, 3, "10.0.0.2");
        link_up(&b, 3, 1);
        execute(socket_b, &b, &up_b);
        await_operational(socket_a, 2, &up_a);
        await_operational(socket_b, 3, &up_b);
        t[4] = now_ms();
        close(socket_a);
        close(socket_b);
        close(namespace_a);
        close(namespace_b);
        t[5] = now_ms();
        if (run >= WARMUP) {
            times[0][run - WARMUP] = t[5] - t[0];
            for (int p = 1; p < PHASES; p++) {
                times[p][run - WARMUP] = t[p] - t[p - 1];
            }
        }
        if (pause_ms > 0) {
            usleep(pause_ms * 1000);
        }
    }
    printf("topology (a) from C%s, %d runs after %d warm-up runs, %d ms pause between runs (times in ms)\n",
            sysctls ? " with the library's sysctl writes" : "", runs, WARMUP, pause_ms);
    for (int p = 0; p < PHASES; p++) {
        qsort(times[p], runs, sizeof(double), compare);
        printf("%-18s median %.3f  min %.3f\n", names[p], times[p][runs / 2], times[p][0]);
    }
    return 0;
}
