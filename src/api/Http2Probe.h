// SPDX-License-Identifier: Apache-2.0
// Internal: does a cleartext endpoint speak HTTP/2 with prior knowledge?
//
// Why: Qt 6.4's QNAM, sending h2c with Http2DirectAttribute to a server that answers the HTTP/2
// preface HTTP/1.1-style (400 and close) or just closes, never finishes the reply until its
// transfer timeout (measured: the call hangs for the whole deadline). So before the first native
// gRPC call in cleartext the channel sends the preface itself and looks at the first bytes: an
// HTTP/2 server answers with a SETTINGS frame. Over TLS, ALPN settles this instead.
#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QTcpSocket>
#include <QTimer>

namespace adm::api {

class Http2Probe : public QObject
{
    Q_OBJECT
public:
    enum class Outcome {
        Http2, // a SETTINGS frame came back
        NotHttp2, // an HTTP/1.x answer, other bytes, or a close right after the preface
        Inconclusive, // refused, unreachable or silent: let the real call report it
    };

    Http2Probe(const QString &host, quint16 port, int timeoutMs, QObject *parent = nullptr);
    ~Http2Probe() override;
    void start();

    // Pure: classify the first bytes a server sent after our preface (closed = the peer closed).
    static Outcome classify(const QByteArray &firstBytes, bool closed);

Q_SIGNALS:
    void finished(adm::api::Http2Probe::Outcome outcome, const QString &detail);

private:
    void conclude(Outcome outcome, const QString &detail);

    QString m_host;
    quint16 m_port;
    QTcpSocket m_socket;
    QTimer m_timer;
    QByteArray m_received;
    bool m_connected = false;
    bool m_done = false;
};

} // namespace adm::api
