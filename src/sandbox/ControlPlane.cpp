// SPDX-License-Identifier: Apache-2.0
// Routing and the pipeline of CHAINLOOP_API.md §1.8; the methods live in *Methods classes.
#include "sandbox/ControlPlane.h"

#include "controlplane/v1/api_token.pb.h"
#include "controlplane/v1/cas_backends.pb.h"
#include "controlplane/v1/context.pb.h"
#include "controlplane/v1/org_invitation.pb.h"
#include "controlplane/v1/organization.pb.h"
#include "controlplane/v1/status.pb.h"
#include "controlplane/v1/user.pb.h"
#include "sandbox/Authenticator.h"
#include "sandbox/CasBackendMethods.h"
#include "sandbox/CasCredentialCheck.h"
#include "sandbox/DemoSeeder.h"
#include "sandbox/InvitationMethods.h"
#include "sandbox/OrganizationMethods.h"
#include "sandbox/ProtoItems.h"
#include "sandbox/RequestValidator.h"
#include "sandbox/RpcError.h"
#include "sandbox/SandboxJwt.h"
#include "sandbox/TokenMethods.h"
#include "sandbox/UserMethods.h"

#include <QSet>

namespace adm::sandbox {

namespace v1 = controlplane::v1;

namespace {
using Done = std::function<void(RpcReply)>;
using Message = google::protobuf::Message;

// A development secret so tokens survive restarts on the same database file.
const QByteArray kDevSecret = QByteArrayLiteral("chainloop-sandbox-development-secret");

enum RouteFlag {
    NoAuth = 1, // StatusService: no bearer token
    SkipOrg = 2, // no organization resolution
    SkipAuthz = 4, // no role/policy middleware
    DefaultCas = 8, // pipeline step 6
};

struct Route {
    int flags = 0;
    std::function<std::unique_ptr<Message>()> makeRequest;
    std::function<void(const CallContext &, const Message &, Done)> run;
};
} // namespace

class ControlPlane::Private
{
public:
    Private(ControlPlane *q, ControlPlaneOptions o)
        : options(std::move(o))
        , jwt(options.jwtSecret.isEmpty() ? kDevSecret : options.jwtSecret)
        , auth(store, jwt)
        , tokens(store, jwt)
        , orgs(store, options)
        , invitations(store)
        , cas(store, options, q)
        , users(store)
        , seeder(store, jwt, tokens, orgs, cas)
    {
        buildRoutes();
    }

    template<typename Req, typename Obj>
    void add(const char *path, int flags, Obj *obj, RpcReply (Obj::*fn)(const CallContext &, const Req &))
    {
        routes.insert(path,
            { flags, [] { return std::make_unique<Req>(); },
                [obj, fn](const CallContext &ctx, const Message &m, Done done) {
                    done((obj->*fn)(ctx, static_cast<const Req &>(m)));
                } });
    }
    template<typename Req, typename Obj>
    void addAsync(const char *path, int flags, Obj *obj, void (Obj::*fn)(const CallContext &, const Req &, Done))
    {
        routes.insert(path,
            { flags, [] { return std::make_unique<Req>(); },
                [obj, fn](const CallContext &ctx, const Message &m, Done done) {
                    (obj->*fn)(ctx, static_cast<const Req &>(m), std::move(done));
                } });
    }

    void buildRoutes();
    RpcReply infozReply() const;
    void run(const RpcRequest &request, Done done);

    ControlPlaneOptions options;
    QString error;
    QString loginUrl;
    bool opened = false;
    SandboxStore store;
    SandboxJwt jwt;
    Authenticator auth;
    TokenMethods tokens;
    OrganizationMethods orgs;
    InvitationMethods invitations;
    CasBackendMethods cas;
    UserMethods users;
    DemoSeeder seeder;
    QHash<QByteArray, Route> routes;
    QSet<QByteArray> services;
};

void ControlPlane::Private::buildRoutes()
{
    const int org = 0;
    const int orgCas = DefaultCas;
    add("/controlplane.v1.APITokenService/Create", orgCas, &tokens, &TokenMethods::create);
    add("/controlplane.v1.APITokenService/List", orgCas, &tokens, &TokenMethods::list);
    add("/controlplane.v1.APITokenService/Revoke", orgCas, &tokens, &TokenMethods::revoke);
    add("/controlplane.v1.InstanceAPITokenService/Create", SkipOrg, &tokens, &TokenMethods::instanceCreate);
    add("/controlplane.v1.InstanceAPITokenService/List", SkipOrg, &tokens, &TokenMethods::instanceList);
    add("/controlplane.v1.InstanceAPITokenService/Revoke", SkipOrg, &tokens, &TokenMethods::instanceRevoke);
    add("/controlplane.v1.OrganizationService/Create", SkipOrg | SkipAuthz, &orgs, &OrganizationMethods::create);
    add("/controlplane.v1.OrganizationService/Update", org, &orgs, &OrganizationMethods::update);
    add("/controlplane.v1.OrganizationService/Delete", org, &orgs, &OrganizationMethods::remove);
    add("/controlplane.v1.OrganizationService/ListMemberships", org, &orgs, &OrganizationMethods::listMemberships);
    add("/controlplane.v1.OrganizationService/DeleteMembership", org, &orgs, &OrganizationMethods::deleteMembership);
    add("/controlplane.v1.OrganizationService/UpdateMembership", org, &orgs, &OrganizationMethods::updateMembership);
    add("/controlplane.v1.OrgInvitationService/Create", orgCas, &invitations, &InvitationMethods::create);
    add("/controlplane.v1.OrgInvitationService/Revoke", orgCas, &invitations, &InvitationMethods::revoke);
    add("/controlplane.v1.OrgInvitationService/ListSent", orgCas, &invitations, &InvitationMethods::listSent);
    add("/controlplane.v1.CASBackendService/List", org, &cas, &CasBackendMethods::list);
    addAsync("/controlplane.v1.CASBackendService/Create", org, &cas, &CasBackendMethods::create);
    addAsync("/controlplane.v1.CASBackendService/Update", org, &cas, &CasBackendMethods::update);
    add("/controlplane.v1.CASBackendService/Delete", org, &cas, &CasBackendMethods::remove);
    add("/controlplane.v1.CASBackendService/Revalidate", org, &cas, &CasBackendMethods::revalidate);
    add("/controlplane.v1.UserService/ListMemberships", SkipOrg | SkipAuthz, &users, &UserMethods::listMemberships);
    add("/controlplane.v1.UserService/DeleteMembership", org, &users, &UserMethods::deleteMembership);
    add("/controlplane.v1.UserService/SetCurrentMembership", org, &users, &UserMethods::setCurrentMembership);
    add("/controlplane.v1.ContextService/Current", SkipOrg | SkipAuthz, &users, &UserMethods::current);

    routes.insert("/controlplane.v1.StatusService/Infoz",
        { NoAuth, [] { return std::make_unique<v1::InfozRequest>(); },
            [this](const CallContext &, const Message &, Done done) { done(infozReply()); } });
    routes.insert("/controlplane.v1.StatusService/Statusz",
        { NoAuth, [] { return std::make_unique<v1::StatuszRequest>(); },
            [this](const CallContext &, const Message &m, Done done) {
                if (static_cast<const v1::StatuszRequest &>(m).readiness() && !opened)
                    return done(
                        RpcError(Unavailable, QStringLiteral("CAS is not ready"), QStringLiteral("CAS_NOT_READY"))
                            .reply());
                done(items::ok(v1::StatuszResponse()));
            } });
    for (auto it = routes.cbegin(); it != routes.cend(); ++it)
        services.insert(it.key().mid(1, it.key().lastIndexOf('/') - 1));
}

RpcReply ControlPlane::Private::infozReply() const
{
    v1::InfozResponse response;
    response.set_login_url(loginUrl.toStdString());
    response.set_version(options.version.toStdString());
    response.set_restricted_org_creation(options.restrictOrgCreation);
    return items::ok(response);
}

void ControlPlane::Private::run(const RpcRequest &request, Done done)
{
    const auto route = routes.constFind(request.method);
    if (route == routes.cend()) {
        // grpc-go's texts for unknown services and methods.
        const qsizetype slash = request.method.lastIndexOf('/');
        const QByteArray service = slash > 0 ? request.method.mid(1, slash - 1) : QByteArray();
        if (slash <= 0)
            return done(RpcError::plain(
                Unimplemented, QStringLiteral("malformed method name: \"%1\"").arg(QString::fromUtf8(request.method)))
                            .reply());
        if (!services.contains(service))
            return done(
                RpcError::plain(Unimplemented, QStringLiteral("unknown service %1").arg(QString::fromUtf8(service)))
                    .reply());
        return done(RpcError::plain(Unimplemented,
            QStringLiteral("unknown method %1 for service %2")
                .arg(QString::fromUtf8(request.method.mid(slash + 1)), QString::fromUtf8(service)))
                        .reply());
    }
    // The body is decoded before any interceptor runs, as in grpc-go.
    const auto message = route->makeRequest();
    if (!message->ParseFromArray(request.body.constData(), int(request.body.size()))) {
        return done(RpcError::plain(Internal,
            QStringLiteral("grpc: error unmarshalling request: proto: cannot parse "
                           "invalid wire-format data"))
                        .reply());
    }
    CallContext ctx;
    ctx.method = request.method;
    ctx.now = store.now();
    ctx.orgHeader = QString::fromUtf8(request.metadata.value("chainloop-organization")).trimmed();
    const int flags = route->flags;
    if (!(flags & NoAuth)) {
        if (!opened)
            return done(
                RpcError(Unavailable, QStringLiteral("database not open"), QStringLiteral("unavailable")).reply());
        if (auto e = auth.authenticate(request, ctx))
            return done(e->reply());
        if (!(flags & SkipOrg)) {
            if (auto e = auth.resolveOrganization(ctx))
                return done(e->reply());
        }
        if (!(flags & SkipAuthz)) {
            if (auto e = auth.authorize(ctx))
                return done(e->reply());
        }
        if (flags & DefaultCas) {
            if (auto e = auth.requireDefaultCas(ctx))
                return done(e->reply());
        }
    }
    if (auto e = RequestValidator::validate(request.method, *message))
        return done(e->reply());
    route->run(ctx, *message, std::move(done));
}

ControlPlane::ControlPlane(ControlPlaneOptions options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, std::move(options)))
{ }

ControlPlane::~ControlPlane() = default;

bool ControlPlane::open()
{
    d->opened = d->store.open(d->options.databasePath, &d->error);
    return d->opened;
}

QString ControlPlane::errorString() const
{
    return d->error;
}

void ControlPlane::handle(const RpcRequest &request, std::function<void(RpcReply)> done)
{
    // `done` must run exactly once, also when the database fails midway.
    auto called = std::make_shared<bool>(false);
    Done once = [called, done = std::move(done)](RpcReply reply) {
        if (*called)
            return;
        *called = true;
        done(std::move(reply));
    };
    try {
        d->run(request, once);
    } catch (const StoreError &e) {
        qWarning("sandbox: %s failed: %s", request.method.constData(), e.what());
        once(RpcError::internal().reply());
    }
}

void ControlPlane::setLoginUrl(const QString &url)
{
    d->loginUrl = url;
}

QJsonObject ControlPlane::infoz() const
{
    return { { QStringLiteral("loginURL"), d->loginUrl }, { QStringLiteral("version"), d->options.version },
        { QStringLiteral("chartVersion"), QString() },
        { QStringLiteral("restrictedOrgCreation"), d->options.restrictOrgCreation },
        { QStringLiteral("uiDashboardUrl"), QString() } };
}

bool ControlPlane::ready() const
{
    return d->opened;
}

QList<LoginUser> ControlPlane::loginUsers() const
{
    QList<LoginUser> users;
    if (!d->opened)
        return users;
    try {
        // Load-seeded users are left out: the page offers people, not 100,000 rows.
        auto q = d->store.exec(QStringLiteral("SELECT id, email, first_name, last_name, instance_admin FROM users"
                                              " WHERE synthetic = 0 ORDER BY instance_admin DESC, email LIMIT 200"));
        while (q.next()) {
            const QString name = (q.value(2).toString() + QLatin1Char(' ') + q.value(3).toString()).trimmed();
            users.append({ q.value(0).toString(), q.value(1).toString(), name.isEmpty() ? q.value(1).toString() : name,
                q.value(4).toBool() });
        }
    } catch (const StoreError &e) {
        qWarning("sandbox: cannot list login users: %s", e.what());
    }
    return users;
}

QString ControlPlane::loginAs(const QString &userId, std::chrono::seconds lifetime)
{
    if (!d->opened)
        return {};
    try {
        const auto user = d->store.user(userId);
        if (!user)
            return {};
        d->invitations.acceptPending(*user);
        return d->jwt.signUser(user->id, QDateTime::currentDateTimeUtc().addSecs(lifetime.count()));
    } catch (const StoreError &e) {
        qWarning("sandbox: login failed: %s", e.what());
        return {};
    }
}

QJsonObject ControlPlane::seedDemo()
{
    try {
        return d->opened ? d->seeder.seedDemo() : QJsonObject();
    } catch (const StoreError &e) {
        qWarning("sandbox: demo seeding failed: %s", e.what());
        return {};
    }
}

QJsonObject ControlPlane::seedLoad(int orgs, int members)
{
    try {
        return d->opened ? d->seeder.seedLoad(orgs, members) : QJsonObject();
    } catch (const StoreError &e) {
        qWarning("sandbox: load seeding failed: %s", e.what());
        return {};
    }
}

QString ControlPlane::casCheckRulesHelp()
{
    return CasCredentialCheck::rulesHelp();
}

} // namespace adm::sandbox
