// SPDX-License-Identifier: Apache-2.0
#include "sandbox/CasBackendMethods.h"

#include "controlplane/v1/cas_backends.pb.h"
#include "core/Validation.h"
#include "sandbox/CasCredentialCheck.h"
#include "sandbox/ProtoItems.h"
#include "sandbox/RpcError.h"

#include <QJsonDocument>
#include <QTimer>

#include <google/protobuf/struct.pb.h>

namespace adm::sandbox {

namespace v1 = controlplane::v1;

namespace {
constexpr qint64 kMinMaxBytes = 10 * 1024 * 1024;
constexpr qint64 kDefaultMaxBytes = 100 * 1024 * 1024;
constexpr int kStatusOk = 1;
constexpr int kStatusInvalid = 2;

QJsonObject toJson(const google::protobuf::Struct &s)
{
    QJsonObject object;
    for (const auto &[key, value] : s.fields()) {
        QJsonValue v;
        if (value.has_string_value())
            v = QString::fromStdString(value.string_value());
        else if (value.has_number_value())
            v = value.number_value();
        else if (value.has_bool_value())
            v = value.bool_value();
        object.insert(QString::fromStdString(key), v);
    }
    return object;
}

RpcError invalidConfig(const QString &message)
{
    return { InvalidArgument, message, QStringLiteral("invalid config") };
}

RpcError notFoundBackend()
{
    return RpcError::notFound(QStringLiteral("CAS backend not found"));
}

std::optional<RpcError> requireOrg(const CallContext &ctx)
{
    if (!ctx.org)
        return RpcError::notFound(QStringLiteral("current organization not set"));
    return std::nullopt;
}
} // namespace

CasBackendMethods::CasBackendMethods(SandboxStore &store, const ControlPlaneOptions &options, QObject *timerContext)
    : m_store(store)
    , m_options(options)
    , m_timerContext(timerContext)
{ }

RpcReply CasBackendMethods::list(const CallContext &ctx, const v1::CASBackendServiceListRequest &)
{
    if (auto e = requireOrg(ctx))
        return e->reply();
    v1::CASBackendServiceListResponse response;
    for (const CasRow &row : m_store.casBackends(ctx.org->id))
        items::casBackend(row, response.add_result());
    return items::ok(response);
}

void CasBackendMethods::insert(CasRow row)
{
    if (row.isDefault)
        m_store.exec(QStringLiteral("UPDATE cas_backends SET is_default = 0 WHERE org_id = ?"), { row.orgId });
    if (row.isFallback)
        m_store.exec(QStringLiteral("UPDATE cas_backends SET is_fallback = 0 WHERE org_id = ?"), { row.orgId });
    m_store.insertCas(row);
}

void CasBackendMethods::checkThen(const QString &provider, const QString &location, const QJsonObject &credentials,
    Done done, std::function<RpcReply()> apply)
{
    const CasCheckOutcome outcome = CasCredentialCheck::check(provider, location, credentials);
    if (outcome.kind == CasCheckOutcome::Slow) {
        // The real server's handler timeout fires first; nothing is saved.
        QTimer::singleShot(m_options.handlerTimeout, m_timerContext,
            [done] { done(RpcError::plain(DeadlineExceeded, QStringLiteral("context deadline exceeded")).reply()); });
        return;
    }
    QTimer::singleShot(CasCredentialCheck::kCheckDuration, m_timerContext, [done, outcome, apply] {
        if (outcome.kind == CasCheckOutcome::Invalid) {
            done(invalidConfig(outcome.message).reply());
            return;
        }
        try {
            done(apply());
        } catch (const StoreError &) {
            done(RpcError::internal().reply());
        }
    });
}

void CasBackendMethods::create(const CallContext &ctx, const v1::CASBackendServiceCreateRequest &request, Done done)
{
    if (auto e = requireOrg(ctx))
        return done(e->reply());
    const QString provider = QString::fromStdString(request.provider());
    if (provider == QLatin1String("AWS-S3-ACCESS-POINT")) {
        return done(RpcError(InvalidArgument, QStringLiteral("managed CAS backends cannot be created via this API"),
            QStringLiteral("invalid CAS backend"))
                        .reply());
    }
    if (!CasCredentialCheck::isCreatableProvider(provider))
        return done(
            RpcError(InvalidArgument, QStringLiteral("invalid CAS backend"), QStringLiteral("invalid CAS backend"))
                .reply());
    const QString name = QString::fromStdString(request.name());
    if (const auto v = validateDnsLabel(name); !v.ok())
        return done(RpcError::invalid(QStringLiteral("validation error: ") + v.message).reply());
    if (request.default_() && request.fallback())
        return done(
            RpcError::invalid(QStringLiteral("validation error: a CAS backend cannot be both default and fallback"))
                .reply());
    if (request.has_max_bytes() && request.max_bytes() < kMinMaxBytes)
        return done(
            RpcError::invalid(QStringLiteral("validation error: max_bytes must be at least %1").arg(kMinMaxBytes))
                .reply());
    if (m_store.casBackend(ctx.org->id, name))
        return done(RpcError::alreadyExists(QStringLiteral("CAS backend name already exists")).reply());
    const QString location = QString::fromStdString(request.location());
    const QJsonObject credentials = toJson(request.credentials());
    if (const QString shape = CasCredentialCheck::shapeError(provider, location, credentials); !shape.isEmpty())
        return done(invalidConfig(shape).reply());

    CasRow row;
    row.id = SandboxStore::newId();
    row.orgId = ctx.org->id;
    row.name = name;
    row.location = location;
    row.description = QString::fromStdString(request.description());
    row.provider = provider;
    row.isDefault = request.default_();
    row.isFallback = request.fallback();
    row.maxBytes = request.has_max_bytes() ? request.max_bytes() : kDefaultMaxBytes;
    row.validationStatus = kStatusOk;
    row.secret = QString::fromUtf8(QJsonDocument(credentials).toJson(QJsonDocument::Compact));
    checkThen(provider, location, credentials, std::move(done), [this, row]() mutable {
        // State may have changed while the check ran.
        if (!m_store.org(row.orgId))
            return RpcError::notFound(QStringLiteral("organization not found")).reply();
        if (m_store.casBackend(row.orgId, row.name))
            return RpcError::alreadyExists(QStringLiteral("CAS backend name already exists")).reply();
        row.createdAt = row.updatedAt = row.validatedAt = m_store.now();
        SandboxStore::Transaction tx(m_store);
        insert(row);
        tx.commit();
        v1::CASBackendServiceCreateResponse response;
        items::casBackend(row, response.mutable_result());
        return items::ok(response);
    });
}

void CasBackendMethods::update(const CallContext &ctx, const v1::CASBackendServiceUpdateRequest &request, Done done)
{
    if (auto e = requireOrg(ctx))
        return done(e->reply());
    const auto existing = m_store.casBackend(ctx.org->id, QString::fromStdString(request.name()));
    if (!existing)
        return done(notFoundBackend().reply());
    if (existing->isManaged)
        return done(RpcError(InvalidArgument, QStringLiteral("managed CAS backends cannot be updated"),
            QStringLiteral("invalid CAS backend"))
                        .reply());
    if (request.has_default_() && request.has_fallback() && request.default_() && request.fallback())
        return done(
            RpcError::invalid(QStringLiteral("validation error: a CAS backend cannot be both default and fallback"))
                .reply());
    if (request.has_max_bytes() && existing->isInline)
        return done(
            RpcError::invalid(QStringLiteral("validation error: the inline CAS backend size limit cannot be changed"))
                .reply());
    if (request.has_max_bytes() && request.max_bytes() < kMinMaxBytes)
        return done(
            RpcError::invalid(QStringLiteral("validation error: max_bytes must be at least %1").arg(kMinMaxBytes))
                .reply());
    if (request.has_credentials() && existing->isInline)
        return done(
            RpcError::invalid(QStringLiteral("validation error: the inline CAS backend has no credentials")).reply());

    const QJsonObject credentials = request.has_credentials() ? toJson(request.credentials()) : QJsonObject();
    if (request.has_credentials()) {
        if (const QString shape = CasCredentialCheck::shapeError(existing->provider, existing->location, credentials);
            !shape.isEmpty())
            return done(invalidConfig(shape).reply());
    }

    const QString id = existing->id;
    const QString orgId = existing->orgId;
    const v1::CASBackendServiceUpdateRequest req = request;
    auto apply = [this, id, orgId, req, credentials]() {
        auto row = m_store.casBackend(orgId, QString::fromStdString(req.name()));
        if (!row || row->id != id)
            return notFoundBackend().reply();
        const QDateTime now = m_store.now();
        SandboxStore::Transaction tx(m_store);
        if (req.has_description())
            row->description = QString::fromStdString(req.description());
        if (req.has_max_bytes())
            row->maxBytes = req.max_bytes();
        if (req.has_credentials()) {
            row->secret = QString::fromUtf8(QJsonDocument(credentials).toJson(QJsonDocument::Compact));
            row->validationStatus = kStatusOk;
            row->validationError.reset();
            row->validatedAt = now;
        }
        bool lostDefault = false;
        if (req.has_default_()) {
            if (req.default_()) {
                m_store.exec(QStringLiteral("UPDATE cas_backends SET is_default = 0 WHERE org_id = ?"), { orgId });
                row->isDefault = true;
                row->isFallback = false;
            } else if (row->isDefault) {
                lostDefault = true;
            }
        }
        if (req.has_fallback()) {
            if (req.fallback()) {
                m_store.exec(QStringLiteral("UPDATE cas_backends SET is_fallback = 0 WHERE org_id = ?"), { orgId });
                row->isFallback = true;
                lostDefault = lostDefault || row->isDefault;
            } else {
                row->isFallback = false;
            }
        }
        row->updatedAt = now;
        m_store.exec(QStringLiteral("UPDATE cas_backends SET description = ?, max_bytes = ?, secret = ?,"
                                    " validation_status = ?, validation_error = ?, validated_at = ?, is_default = ?,"
                                    " is_fallback = ?, updated_at = ? WHERE id = ?"),
            { row->description, row->maxBytes, row->secret, row->validationStatus,
                row->validationError ? QVariant(*row->validationError) : QVariant(), SandboxStore::ms(row->validatedAt),
                row->isDefault, row->isFallback, SandboxStore::ms(now), id });
        if (lostDefault) {
            promoteDefault(orgId, id);
            row = m_store.casBackend(orgId, row->name);
            // Nothing to promote (e.g. the inline backend): it stays default, so not fallback.
            if (row->isDefault && row->isFallback) {
                m_store.exec(QStringLiteral("UPDATE cas_backends SET is_fallback = 0 WHERE id = ?"), { id });
                row->isFallback = false;
            }
        }
        tx.commit();
        v1::CASBackendServiceUpdateResponse response;
        items::casBackend(*row, response.mutable_result());
        return items::ok(response);
    };
    if (!request.has_credentials()) {
        done(apply());
        return;
    }
    checkThen(existing->provider, existing->location, credentials, std::move(done), apply);
}

void CasBackendMethods::promoteDefault(const QString &orgId, const QString &excludeId)
{
    // Replacement order when the default goes away: fallback, then managed, then inline.
    auto q
        = m_store.exec(QStringLiteral("SELECT id FROM cas_backends WHERE org_id = ? AND id <> ? AND deleted_at IS NULL"
                                      " AND (is_fallback = 1 OR is_managed = 1 OR is_inline = 1)"
                                      " ORDER BY is_fallback DESC, is_managed DESC, is_inline DESC, created_at ASC"
                                      " LIMIT 1"),
            { orgId, excludeId });
    if (!q.next())
        return; // nothing to promote: the backend keeps its default flag
    const QString promoted = q.value(0).toString();
    m_store.exec(QStringLiteral("UPDATE cas_backends SET is_default = 0 WHERE id = ?"), { excludeId });
    m_store.exec(QStringLiteral("UPDATE cas_backends SET is_default = 1, is_fallback = 0 WHERE id = ?"), { promoted });
}

RpcReply CasBackendMethods::remove(const CallContext &ctx, const v1::CASBackendServiceDeleteRequest &request)
{
    if (auto e = requireOrg(ctx))
        return e->reply();
    const auto row = m_store.casBackend(ctx.org->id, QString::fromStdString(request.name()));
    if (!row)
        return notFoundBackend().reply();
    if (row->isInline || row->isManaged)
        return RpcError::invalid(QStringLiteral("validation error: %1 CAS backends cannot be deleted")
                                     .arg(row->isInline ? QStringLiteral("inline") : QStringLiteral("managed")))
            .reply();
    SandboxStore::Transaction tx(m_store);
    if (row->isDefault)
        promoteDefault(ctx.org->id, row->id);
    m_store.exec(QStringLiteral("UPDATE cas_backends SET deleted_at = ?, is_default = 0, is_fallback = 0 WHERE id = ?"),
        { SandboxStore::ms(ctx.now), row->id });
    tx.commit();
    return items::ok(v1::CASBackendServiceDeleteResponse());
}

RpcReply CasBackendMethods::revalidate(const CallContext &ctx, const v1::CASBackendServiceRevalidateRequest &request)
{
    if (auto e = requireOrg(ctx))
        return e->reply();
    const auto row = m_store.casBackend(ctx.org->id, QString::fromStdString(request.name()));
    if (!row)
        return notFoundBackend().reply();
    if (row->isInline) {
        return RpcError(InvalidArgument, QStringLiteral("inline CAS backends cannot be revalidated"),
            QStringLiteral("invalid request"))
            .reply();
    }
    const QString id = row->id;
    QTimer::singleShot(kRevalidationDelay, m_timerContext, [this, id] { finishRevalidation(id); });
    return items::ok(v1::CASBackendServiceRevalidateResponse());
}

void CasBackendMethods::finishRevalidation(const QString &id)
{
    try {
        auto q = m_store.exec(
            QStringLiteral("SELECT %1 WHERE id = ? AND deleted_at IS NULL").arg(SandboxStore::kCasCols), { id });
        if (!q.next())
            return;
        const CasRow row = SandboxStore::readCas(q);
        CasCheckOutcome outcome { CasCheckOutcome::Ok, {} };
        if (!row.isManaged) {
            const QJsonObject credentials = QJsonDocument::fromJson(row.secret.toUtf8()).object();
            outcome = CasCredentialCheck::check(row.provider, row.location, credentials);
        }
        const bool ok = outcome.kind == CasCheckOutcome::Ok;
        const QString error
            = outcome.kind == CasCheckOutcome::Slow ? QStringLiteral("context deadline exceeded") : outcome.message;
        m_store.exec(QStringLiteral("UPDATE cas_backends SET validation_status = ?, validation_error = ?,"
                                    " validated_at = ? WHERE id = ?"),
            { ok ? kStatusOk : kStatusInvalid, ok ? QVariant() : QVariant(error), SandboxStore::ms(m_store.now()),
                id });
    } catch (const StoreError &e) {
        qWarning("sandbox: revalidation of %s failed: %s", qPrintable(id), e.what());
    }
}

} // namespace adm::sandbox
