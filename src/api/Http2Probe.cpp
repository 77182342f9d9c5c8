// SPDX-License-Identifier: Apache-2.0
#include "Http2Probe.h"

namespace adm::api {

namespace {
// Client connection preface (RFC 9113 §3.4) followed by an empty SETTINGS frame.
const QByteArray Preface
    = QByteArrayLiteral("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") + QByteArray("\0\0\0\x04\0\0\0\0\0", 9);
constexpr char SettingsFrameType = 0x04;
} // namespace

Http2Probe::Http2Probe(const QString &host, quint16 port, int timeoutMs, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_port(port)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(std::max(1, timeoutMs));
    connect(&m_timer, &QTimer::timeout, this, [this] { conclude(Outcome::Inconclusive, tr("no answer")); });
    connect(&m_socket, &QTcpSocket::connected, this, [this] {
        m_connected = true;
        m_socket.write(Preface);
    });
    connect(&m_socket, &QTcpSocket::readyRead, this, [this] {
        m_received += m_socket.readAll();
        if (m_received.size() >= 9 || m_received.startsWith("HTTP/"))
            conclude(classify(m_received, false), {});
    });
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] {
        m_received += m_socket.readAll();
        conclude(classify(m_received, true), tr("the server closed the connection after the HTTP/2 preface"));
    });
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error == QAbstractSocket::RemoteHostClosedError && m_connected) {
            m_received += m_socket.readAll();
            conclude(classify(m_received, true), tr("the server closed the connection after the HTTP/2 preface"));
        } else {
            conclude(Outcome::Inconclusive, m_socket.errorString());
        }
    });
}

Http2Probe::~Http2Probe()
{
    // The socket member is destroyed after the timer and emits disconnected() on the way out;
    // conclude() must not run then (UBSan caught it touching the destroyed timer).
    m_done = true;
    m_socket.disconnect(this);
}

void Http2Probe::start()
{
    m_timer.start();
    m_socket.connectToHost(m_host, m_port);
}

Http2Probe::Outcome Http2Probe::classify(const QByteArray &firstBytes, bool closed)
{
    if (firstBytes.size() >= 9 && firstBytes.at(3) == SettingsFrameType)
        return Outcome::Http2;
    if (firstBytes.startsWith("HTTP/"))
        return Outcome::NotHttp2;
    if (closed || firstBytes.size() >= 9)
        return Outcome::NotHttp2;
    return Outcome::Inconclusive;
}

void Http2Probe::conclude(Outcome outcome, const QString &detail)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    m_socket.disconnect(this);
    m_socket.abort();
    Q_EMIT finished(outcome,
        outcome == Outcome::NotHttp2 && m_received.startsWith("HTTP/")
            ? QString::fromLatin1(m_received.left(m_received.indexOf('\r')).left(80))
            : detail);
    deleteLater();
}

} // namespace adm::api
