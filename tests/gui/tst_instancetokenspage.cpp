// SPDX-License-Identifier: Apache-2.0
// The instance tokens page when the server has no InstanceAPITokenService (the OSS control
// plane): the sandbox is reached through a small gRPC-Web proxy that answers UNIMPLEMENTED for
// that service and forwards everything else. The page says so, points to the Enterprise CLI,
// keeps create/revoke disabled, and still lists the instance tokens held by this app's profiles.
#include "MainWindowTestSupport.h"
#include "models/InstanceTokensController.h"
#include "storage/ProfileRepository.h"
#include "ui/MainWindow.h"
#include "ui/pages/InstanceTokensPage.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>

using namespace adm;
using namespace adm::test;

namespace {

// HTTP/1.1 gRPC-Web pass-through to `target`, except InstanceAPITokenService: UNIMPLEMENTED.
class UnimplementedProxy : public QTcpServer
{
public:
    explicit UnimplementedProxy(quint16 target)
        : m_target(target)
    { }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        socket->setSocketDescriptor(descriptor);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }

private:
    void onReadyRead(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        const QByteArray path = lines.value(0).split(' ').value(1);
        QList<QPair<QByteArray, QByteArray>> headers;
        qsizetype length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length")
                length = value.toLongLong();
            else if (name != "host" && name != "connection")
                headers.append({ name, value });
        }
        if (buffer.size() < end + 4 + length)
            return;
        const QByteArray body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);

        if (path.contains("InstanceAPITokenService")) {
            socket->write("HTTP/1.1 200 OK\r\ncontent-type: application/grpc-web+proto\r\ngrpc-status: 12\r\n"
                          "grpc-message: unknown%20service\r\ncontent-length: 0\r\n\r\n");
            return;
        }
        QNetworkRequest request(
            QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_target).arg(QString::fromLatin1(path))));
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        QNetworkReply *reply = m_nam.post(request, body);
        connect(reply, &QNetworkReply::finished, socket, [socket, reply] {
            reply->deleteLater();
            const QByteArray payload = reply->readAll();
            QByteArray out = "HTTP/1.1 "
                + QByteArray::number(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt()) + " OK\r\n";
            for (const auto &[name, value] : reply->rawHeaderPairs()) {
                const QByteArray lower = name.toLower();
                if (lower != "content-length" && lower != "transfer-encoding" && lower != "connection")
                    out += name + ": " + value + "\r\n";
            }
            out += "content-length: " + QByteArray::number(payload.size()) + "\r\n\r\n" + payload;
            socket->write(out);
        });
    }

    quint16 m_target;
    QNetworkAccessManager m_nam;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace

class TestInstanceTokensPage : public QObject
{
    Q_OBJECT

private:
    SandboxProcess m_sandbox;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        models::EnglishPlurals::install();
        QApplication::setApplicationName(QStringLiteral("tst_instancetokenspage"));
        QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
    }

    void serverWithoutInstanceTokenService()
    {
        UnimplementedProxy proxy(m_sandbox.httpPort());
        QVERIFY(proxy.listen(QHostAddress::LocalHost));

        GuiApp app;
        QVERIFY(app.db.open(storage::Database::memoryPath()).ok());
        app.session = std::make_unique<models::Session>(app.db, app.secrets);
        app.session->setOfflineRetryInterval(0);
        const QByteArray token = m_sandbox.seededTokens().value(QStringLiteral("instance_token")).toString().toUtf8();

        // A second saved profile holding an instance token (its secret in the store): listed too.
        storage::Profile other;
        other.name = QStringLiteral("prod-provisioning");
        other.address = QStringLiteral("cp.example.com:443");
        other.tokenKind = JwtClaims::Kind::InstanceApiToken;
        QVERIFY(app.session->profiles().save(other).ok());
        QSignalSpy written(app.secrets.write(other.secretKey(), token), &storage::SecretJob::finished);
        QVERIFY(written.wait());

        storage::Profile profile;
        profile.name = QStringLiteral("through-proxy");
        profile.address = QStringLiteral("127.0.0.1:%1").arg(proxy.serverPort());
        profile.insecure = true;
        profile.protocol = Protocol::GrpcWeb;
        profile.tokenKind = JwtClaims::Kind::InstanceApiToken;
        profile.defaultOrganization = QStringLiteral("acme");
        QVERIFY(app.session->profiles().save(profile).ok());
        app.session->openWithToken(profile, token);
        QTRY_COMPARE_WITH_TIMEOUT(app.session->state(), models::Session::State::Ready, 15000);

        ui::MainWindow w(*app.session);
        w.show();
        w.showPage(ui::MainWindow::Page::InstanceTokens);
        ui::InstanceTokensPage *page = w.instanceTokensPage();
        QVERIFY(waitSettled(page));
        QTRY_VERIFY(!page->tokens()->serverOffersService());
        QVERIFY(page->noticeLabel()->isVisible());
        QVERIFY(page->noticeLabel()->text().contains(QStringLiteral("no instance-token management")));
        QVERIFY(page->noticeLabel()->text().contains(QStringLiteral("chainloop admin api-token create")));
        QVERIFY(!page->createAction()->isEnabled());
        QVERIFY(!page->revokeAction()->isEnabled());
        // Both profiles' tokens, with where they are held.
        QTRY_COMPARE(page->view()->model()->rowCount(), 2);
        QStringList sources;
        for (int r = 0; r < 2; ++r)
            sources << page->view()->model()->index(r, 1).data().toString();
        QVERIFY(sources.join(QLatin1Char(' ')).contains(QStringLiteral("through-proxy")));
        QVERIFY(sources.join(QLatin1Char(' ')).contains(QStringLiteral("prod-provisioning")));
        QCOMPARE(page->view()->model()->index(0, 0).data().toString(), QStringLiteral("provisioning"));
        grabFor(&w, QStringLiteral("instance-tokens-unimplemented"));
    }
};

QTEST_MAIN(TestInstanceTokensPage)
#include "tst_instancetokenspage.moc"
