// SPDX-License-Identifier: Apache-2.0
// Linux only: sets TCP_NODELAY on every TCP socket the process connects.
//
// Why: Qt 6.4's HTTP/2 code writes a request's HEADERS and DATA frames in two writes and never
// sets TCP_NODELAY (QNAM has no socket-option API), so Nagle holds the DATA frame until the
// server's delayed ACK arrives: ~43 ms per unary call on Linux loopback (23 calls/s instead of
// ~2,000). This object file defines connect(); linked into the executable it takes precedence over
// libc's, sets the option and forwards to the real connect() found with dlsym(RTLD_NEXT).
//
// Measured (bench_calls, Debian 12, loopback, sequential StatusService/Infoz): native gRPC
// 23 calls/s without this, ~950-1,000 calls/s with it. gRPC-Web over HTTP/1.1 is barely affected
// (523 calls/s without): QNAM sends its request head and small body in one write.
//
// Other platforms (not measured here):
// - macOS uses delayed ACKs too, so the same stall is expected. Defining connect() in the
//   executable does not reach QtNetwork there (two-level namespace binds it to libSystem); the
//   equivalent would be a dyld __interpose section in a dylib. Not done.
// - Windows delays ACKs up to 200 ms by default, so a stall of up to 200 ms per native call is
//   expected; there is no symbol interposition (import tables). Not done.
// On both, until Qt sets TCP_NODELAY itself (or we own the sockets), native gRPC calls are
// correct but slow; gRPC-Web (the HTTP port) avoids the stall.
//
// ADM_NO_NODELAY=1 in the environment turns this off (for measurements).
#include <atomic>
#include <cstdlib>
#include <dlfcn.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace {
using ConnectFn = int (*)(int, const struct sockaddr *, socklen_t);

ConnectFn realConnect()
{
    static std::atomic<ConnectFn> fn { nullptr };
    ConnectFn f = fn.load(std::memory_order_acquire);
    if (!f) {
        f = reinterpret_cast<ConnectFn>(dlsym(RTLD_NEXT, "connect"));
        fn.store(f, std::memory_order_release);
    }
    return f;
}

bool disabled()
{
    static const bool off = [] {
        const char *v = std::getenv("ADM_NO_NODELAY");
        return v && *v && *v != '0';
    }();
    return off;
}
} // namespace

extern "C" int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
    if (addr && (addr->sa_family == AF_INET || addr->sa_family == AF_INET6) && !disabled()) {
        int type = 0;
        socklen_t typeLen = sizeof type;
        if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &typeLen) == 0 && type == SOCK_STREAM) {
            const int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        }
    }
    const ConnectFn real = realConnect();
    return real ? real(fd, addr, len) : -1;
}

// Lets tests and `doctor` check that the interposition is linked in.
extern "C" int adm_nodelay_linked()
{
    return disabled() ? 0 : 1;
}
