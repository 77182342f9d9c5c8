// SPDX-License-Identifier: Apache-2.0
#include "DoctorCommand.h"

#include "api/Channel.h"
#include "api/Clients.h"
#include "api/UnaryCall.h"
#include "core/JwtClaims.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QTextStream>
#include <QTimer>

#include <algorithm>

namespace adm::app {

using api::ApiError;
using Kind = ApiError::Kind;

namespace {
constexpr int LatencySamples = 5;

bool isReachabilityFailure(const ApiError &e)
{
    return e.kind() == Kind::Unreachable || e.kind() == Kind::Tls || e.kind() == Kind::Protocol
        || e.kind() == Kind::Timeout;
}

bool isAuthFailure(const ApiError &e)
{
    return e.kind() == Kind::Unauthenticated || e.kind() == Kind::TokenRevoked;
}

QString protocolText(Protocol p)
{
    switch (p) {
    case Protocol::Grpc: return DoctorCommand::tr("native gRPC (HTTP/2)");
    case Protocol::GrpcWeb: return DoctorCommand::tr("gRPC-Web");
    case Protocol::Auto: return DoctorCommand::tr("not determined");
    }
    return {};
}
} // namespace

std::optional<DoctorOptions> DoctorCommand::parseArguments(
    const QStringList &args, const QByteArray &envToken, QString *error)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption url(
        QStringLiteral("url"), tr("Control-plane address: host:port or a URL."), QStringLiteral("ADDR"));
    const QCommandLineOption protocol(QStringLiteral("protocol"), tr("auto, grpc or grpc-web (default auto)."),
        QStringLiteral("PROTOCOL"), QStringLiteral("auto"));
    const QCommandLineOption insecure(QStringLiteral("insecure"), tr("Plaintext, no TLS."));
    const QCommandLineOption caFile(
        QStringLiteral("ca-file"), tr("PEM file with extra CA certificates."), QStringLiteral("FILE"));
    const QCommandLineOption org(QStringLiteral("org"), tr("Organization to act on."), QStringLiteral("NAME"));
    const QCommandLineOption json(QStringLiteral("json"), tr("Print the report as JSON."));
    const QCommandLineOption timeout(QStringLiteral("timeout"), tr("Seconds per call (default 15)."),
        QStringLiteral("SECONDS"), QStringLiteral("15"));
    parser.addOptions({ url, protocol, insecure, caFile, org, json, timeout });
    if (!parser.parse(QStringList { QStringLiteral("doctor") } + args)) {
        *error = parser.errorText();
        return std::nullopt;
    }
    if (!parser.positionalArguments().isEmpty()) {
        *error = tr("Unexpected argument \"%1\".").arg(parser.positionalArguments().constFirst());
        return std::nullopt;
    }
    DoctorOptions o;
    o.url = parser.value(url);
    if (o.url.isEmpty()) {
        *error = tr("--url is required.");
        return std::nullopt;
    }
    const auto p = protocolFromName(parser.value(protocol));
    if (!p) {
        *error = tr("--protocol must be auto, grpc or grpc-web.");
        return std::nullopt;
    }
    o.protocol = *p;
    o.insecure = parser.isSet(insecure);
    o.caFile = parser.value(caFile);
    o.organization = parser.value(org);
    o.json = parser.isSet(json);
    bool ok = false;
    const double seconds = parser.value(timeout).toDouble(&ok);
    if (!ok || seconds <= 0) {
        *error = tr("--timeout must be a positive number of seconds.");
        return std::nullopt;
    }
    o.timeout = std::chrono::milliseconds(qint64(seconds * 1000));
    o.token = envToken.trimmed();
    return o;
}

QString DoctorCommand::helpText()
{
    return tr("Usage: chainloop-admin doctor --url ADDR [--protocol auto|grpc|grpc-web] [--insecure]\n"
              "                              [--ca-file FILE] [--org NAME] [--json] [--timeout SECONDS]\n"
              "\n"
              "Checks the connection to a Chainloop control plane: reachability and protocol, server\n"
              "version and login URL, what the token in CHAINLOOP_TOKEN is and who the server says it is,\n"
              "which admin reads it may perform, and the round-trip latency.\n"
              "\n"
              "Exit status: 0 all checks passed, 1 usage error, 2 server unreachable,\n"
              "             3 authentication failed, 4 a permission is missing.\n");
}

DoctorCommand::DoctorCommand(DoctorOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{ }

DoctorCommand::~DoctorCommand() = default;

void DoctorCommand::note(const QString &line)
{
    m_lines << line;
}

QJsonObject DoctorCommand::errorJson(const ApiError &e) const
{
    QJsonObject o { { QStringLiteral("kind"), api::kindName(e.kind()) },
        { QStringLiteral("code"), api::statusCodeName(e.code()) }, { QStringLiteral("message"), e.userMessage() },
        { QStringLiteral("hint"), e.hint() } };
    if (!e.serverMessage().isEmpty())
        o.insert(QStringLiteral("serverMessage"), e.serverMessage());
    if (!e.reason().isEmpty())
        o.insert(QStringLiteral("reason"), e.reason());
    if (!e.detail().isEmpty())
        o.insert(QStringLiteral("detail"), e.detail());
    return o;
}

void DoctorCommand::start()
{
    const EndpointParseResult ep = parseEndpoint(m_options.url, m_options.insecure);
    if (!ep.endpoint) {
        m_report.insert(QStringLiteral("address"), m_options.url);
        m_report.insert(QStringLiteral("error"), ep.error);
        note(tr("Address:      %1").arg(m_options.url));
        note(tr("Error:        %1").arg(ep.error));
        QTimer::singleShot(0, this, [this] { done(UsageError); });
        return;
    }
    api::ChannelConfig config;
    config.endpoint = *ep.endpoint;
    config.protocol = m_options.protocol;
    config.caFile = m_options.caFile;
    config.defaultDeadline = m_options.timeout;
    m_channel = std::make_unique<api::Channel>(config);
    m_channel->setOrganization(m_options.organization);
    if (!m_options.token.isEmpty())
        m_channel->setToken(m_options.token);
    m_report.insert(QStringLiteral("address"), ep.endpoint->display());
    m_report.insert(QStringLiteral("tls"), ep.endpoint->tls);
    m_report.insert(QStringLiteral("requestedProtocol"), protocolName(m_options.protocol));
    note(tr("Address:      %1")
             .arg(ep.endpoint->tls ? tr("%1 (TLS)").arg(ep.endpoint->display()) : ep.endpoint->display()));
    checkReachable();
}

void DoctorCommand::checkReachable()
{
    api::StatusClient(m_channel.get()).infoz(this, [this](api::Result<ServerInfo> r) {
        const Protocol used = m_channel->effectiveProtocol();
        if (!r.ok() && isReachabilityFailure(r.error())) {
            m_report.insert(QStringLiteral("reachable"), false);
            m_report.insert(QStringLiteral("error"), errorJson(r.error()));
            note(tr("Reachable:    no: %1").arg(r.error().toString()));
            done(Unreachable);
            return;
        }
        m_report.insert(QStringLiteral("reachable"), true);
        m_report.insert(QStringLiteral("protocol"),
            protocolName(
                used == Protocol::Auto ? Protocol::Grpc : used)); // auto only stays Auto if gRPC worked at once
        note(tr("Reachable:    yes, over %1").arg(protocolText(used == Protocol::Auto ? Protocol::Grpc : used)));
        if (r.ok()) {
            const ServerInfo &info = r.value();
            m_report.insert(QStringLiteral("server"),
                QJsonObject { { QStringLiteral("version"), info.version },
                    { QStringLiteral("chartVersion"), info.chartVersion },
                    { QStringLiteral("loginUrl"), info.loginUrl },
                    { QStringLiteral("restrictedOrgCreation"), info.restrictedOrgCreation } });
            note(tr("Server:       version %1, login URL %2")
                     .arg(info.version.isEmpty() ? tr("(not reported)") : info.version,
                         info.loginUrl.isEmpty() ? tr("(none)") : info.loginUrl));
        } else {
            m_report.insert(
                QStringLiteral("server"), QJsonObject { { QStringLiteral("error"), errorJson(r.error()) } });
            note(tr("Server:       Infoz failed: %1").arg(r.error().toString()));
        }
        measureLatency(LatencySamples);
    });
}

void DoctorCommand::measureLatency(int remaining)
{
    if (remaining == 0) {
        std::sort(m_latencies.begin(), m_latencies.end());
        if (!m_latencies.isEmpty()) {
            const double medianMs = double(m_latencies[m_latencies.size() / 2]) / 1000.0;
            m_report.insert(QStringLiteral("latencyMs"), medianMs);
            note(tr("Latency:      %1 ms (median of %2 round trips)")
                     .arg(QString::number(medianMs, 'f', 2))
                     .arg(m_latencies.size()));
        }
        checkIdentity();
        return;
    }
    QElapsedTimer timer;
    timer.start();
    api::StatusClient(m_channel.get()).statusz(false, this, [this, timer, remaining](api::Result<void> r) {
        const qint64 us = timer.nsecsElapsed() / 1000;
        if (r.ok())
            m_latencies << us;
        measureLatency(remaining - 1);
    });
}

void DoctorCommand::checkIdentity()
{
    if (m_options.token.isEmpty()) {
        m_report.insert(QStringLiteral("token"), QJsonObject { { QStringLiteral("present"), false } });
        note(tr("Token:        none (set CHAINLOOP_TOKEN to check authentication and permissions)"));
        done(Ok);
        return;
    }
    const JwtParseResult claims = parseJwtClaims(QString::fromUtf8(m_options.token));
    QJsonObject token { { QStringLiteral("present"), true } };
    if (claims.claims) {
        const JwtClaims &c = *claims.claims;
        token.insert(QStringLiteral("kind"), c.kindDescription());
        if (!c.tokenName.isEmpty())
            token.insert(QStringLiteral("name"), c.tokenName);
        if (!c.orgName.isEmpty())
            token.insert(QStringLiteral("organization"), c.orgName);
        if (!c.projectName.isEmpty())
            token.insert(QStringLiteral("project"), c.projectName);
        if (c.expiresAt.isValid()) {
            token.insert(QStringLiteral("expiresAt"), c.expiresAt.toUTC().toString(Qt::ISODate));
            token.insert(QStringLiteral("expired"), c.expiresAt <= QDateTime::currentDateTimeUtc());
        }
        QString line = c.kindDescription();
        if (!c.tokenName.isEmpty())
            line += tr(" \"%1\"").arg(c.tokenName);
        if (!c.orgName.isEmpty())
            line += tr(", organization %1").arg(c.orgName);
        if (!c.projectName.isEmpty())
            line += tr(", project %1").arg(c.projectName);
        if (c.expiresAt.isValid()) {
            line += c.expiresAt <= QDateTime::currentDateTimeUtc()
                ? tr(", EXPIRED %1").arg(c.expiresAt.toUTC().toString(Qt::ISODate))
                : tr(", expires %1").arg(c.expiresAt.toUTC().toString(Qt::ISODate));
        } else {
            line += tr(", no expiry");
        }
        note(tr("Token:        %1").arg(line));
        if (c.kind == JwtClaims::Kind::InstanceApiToken && m_options.organization.isEmpty())
            note(tr("              (an instance token acts on the organization named with --org)"));
    } else {
        token.insert(QStringLiteral("error"), claims.error);
        note(tr("Token:        not readable: %1").arg(claims.error));
    }
    m_report.insert(QStringLiteral("token"), token);

    api::ContextClient(m_channel.get()).current(this, [this](api::Result<CurrentContext> r) {
        if (!r.ok()) {
            m_report.insert(
                QStringLiteral("whoami"), QJsonObject { { QStringLiteral("error"), errorJson(r.error()) } });
            note(tr("Server says:  %1").arg(r.error().toString()));
            if (isReachabilityFailure(r.error()))
                done(Unreachable);
            else if (isAuthFailure(r.error()))
                done(AuthenticationFailed);
            else
                done(PermissionMissing);
            return;
        }
        const CurrentContext &c = r.value();
        QJsonObject who { { QStringLiteral("user"), c.user.email }, { QStringLiteral("id"), c.user.id },
            { QStringLiteral("instanceAdmin"), c.user.instanceAdmin } };
        QString line = c.user.email.isEmpty() ? c.user.id : c.user.email;
        if (c.user.instanceAdmin)
            line += tr(" (instance administrator)");
        if (c.membership) {
            who.insert(QStringLiteral("organization"), c.membership->org.name);
            who.insert(QStringLiteral("role"), roleCliName(c.membership->role));
            line += tr(", %1 of organization %2").arg(roleDisplayName(c.membership->role), c.membership->org.name);
        }
        if (c.defaultCasBackend) {
            who.insert(QStringLiteral("defaultCasBackend"), c.defaultCasBackend->name);
        }
        m_report.insert(QStringLiteral("whoami"), who);
        note(tr("Server says:  %1").arg(line));
        note(tr("Admin reads%1:")
                 .arg(m_options.organization.isEmpty() ? QString()
                                                       : tr(" (organization %1)").arg(m_options.organization)));
        checkReads(0);
    });
}

void DoctorCommand::checkReads(int index)
{
    // One admin read per area; each reports allowed (with a count) or the denial.
    auto report = [this, index](const QString &name, const QString &label, const ApiError &error, int count) {
        QJsonObject check { { QStringLiteral("name"), name }, { QStringLiteral("allowed"), error.isOk() } };
        if (error.isOk()) {
            check.insert(QStringLiteral("count"), count);
            note(tr("  %1 allowed (%2)").arg(label.leftJustified(14), QString::number(count)));
        } else {
            check.insert(QStringLiteral("error"), errorJson(error));
            note(tr("  %1 %2").arg(label.leftJustified(14), error.userMessage()));
            if (isReachabilityFailure(error))
                m_exit = std::max<int>(m_exit, Unreachable);
            else if (isAuthFailure(error))
                m_exit = std::max<int>(m_exit, AuthenticationFailed);
            else
                m_exit = std::max<int>(m_exit, PermissionMissing);
        }
        m_checks.append(check);
        checkReads(index + 1);
    };
    api::Channel *ch = m_channel.get();
    switch (index) {
    case 0:
        api::ApiTokenClient(ch).list({}, this, [report](api::Result<QList<ApiToken>> r) {
            report(QStringLiteral("tokens"), tr("API tokens"), r.error(), r.ok() ? int(r.value().size()) : 0);
        });
        return;
    case 1: {
        api::MembershipFilter f;
        f.pageSize = 1;
        api::OrganizationClient(ch).listMemberships(f, this, [report](api::Result<MembershipPage> r) {
            report(QStringLiteral("members"), tr("members"), r.error(), r.ok() ? r.value().page.totalCount : 0);
        });
        return;
    }
    case 2:
        api::InvitationClient(ch).listSent(this, [report](api::Result<QList<Invitation>> r) {
            report(QStringLiteral("invitations"), tr("invitations"), r.error(), r.ok() ? int(r.value().size()) : 0);
        });
        return;
    case 3:
        api::CasBackendClient(ch).list(this, [report](api::Result<QList<CasBackend>> r) {
            report(QStringLiteral("casBackends"), tr("CAS backends"), r.error(), r.ok() ? int(r.value().size()) : 0);
        });
        return;
    default: m_report.insert(QStringLiteral("checks"), m_checks); done(m_exit);
    }
}

void DoctorCommand::done(int exitStatus)
{
    if (m_finished)
        return;
    m_finished = true;
    m_exit = exitStatus;
    m_report.insert(QStringLiteral("exitStatus"), exitStatus);
    switch (exitStatus) {
    case Ok: note(tr("Result:       all checks passed")); break;
    case UsageError: note(tr("Result:       the address is not usable (exit 1)")); break;
    case Unreachable: note(tr("Result:       server unreachable (exit 2)")); break;
    case AuthenticationFailed: note(tr("Result:       authentication failed (exit 3)")); break;
    case PermissionMissing: note(tr("Result:       a permission is missing (exit 4)")); break;
    default: break;
    }
    Q_EMIT finished(exitStatus);
}

QString DoctorCommand::text() const
{
    return m_lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

int runDoctor(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (args.contains(QLatin1String("--help")) || args.contains(QLatin1String("-h"))) {
        out << DoctorCommand::helpText();
        return DoctorCommand::Ok;
    }
    QString error;
    const auto options = DoctorCommand::parseArguments(args, qgetenv("CHAINLOOP_TOKEN"), &error);
    if (!options) {
        err << error << '\n' << DoctorCommand::helpText();
        return DoctorCommand::UsageError;
    }
    DoctorCommand doctor(*options);
    QEventLoop loop;
    int status = DoctorCommand::Ok;
    QObject::connect(&doctor, &DoctorCommand::finished, &loop, [&](int s) {
        status = s;
        loop.quit();
    });
    doctor.start();
    loop.exec();
    if (options->json)
        out << QJsonDocument(doctor.report()).toJson(QJsonDocument::Indented);
    else
        out << doctor.text();
    return status;
}

} // namespace adm::app
