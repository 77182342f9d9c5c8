// SPDX-License-Identifier: Apache-2.0
#include "StatusDetails.h"

#include "buf/validate/violations.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace adm::api {

namespace {
QString fromStd(const std::string &s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// "a.b[0]", "labels[\"k\"]": the notation protovalidate itself uses.
QString fieldPathText(const buf::validate::FieldPath &path)
{
    QString out;
    for (const auto &el : path.elements()) {
        if (!out.isEmpty())
            out += QLatin1Char('.');
        out += fromStd(el.field_name());
        switch (el.subscript_case()) {
        case buf::validate::FieldPathElement::kIndex: out += QStringLiteral("[%1]").arg(el.index()); break;
        case buf::validate::FieldPathElement::kBoolKey:
            out += el.bool_key() ? QStringLiteral("[true]") : QStringLiteral("[false]");
            break;
        case buf::validate::FieldPathElement::kIntKey: out += QStringLiteral("[%1]").arg(el.int_key()); break;
        case buf::validate::FieldPathElement::kUintKey: out += QStringLiteral("[%1]").arg(el.uint_key()); break;
        case buf::validate::FieldPathElement::kStringKey:
            out += QStringLiteral("[\"%1\"]").arg(fromStd(el.string_key()));
            break;
        case buf::validate::FieldPathElement::SUBSCRIPT_NOT_SET: break;
        }
    }
    return out;
}
} // namespace

std::optional<StatusDetails> decodeStatusDetails(QByteArrayView binary)
{
    google::rpc::Status status;
    if (!status.ParseFromArray(binary.data(), int(binary.size())))
        return std::nullopt;
    StatusDetails out;
    out.code = status.code();
    out.message = fromStd(status.message());
    for (const auto &any : status.details()) {
        // The type URL's host part may vary; the message name after the last '/' is what counts.
        const std::string &url = any.type_url();
        const std::string name = url.substr(url.rfind('/') + 1);
        if (name == "google.rpc.ErrorInfo") {
            google::rpc::ErrorInfo info;
            if (!info.ParseFromString(any.value()))
                continue;
            out.reason = fromStd(info.reason());
            out.domain = fromStd(info.domain());
            for (const auto &[k, v] : info.metadata())
                out.metadata.insert(fromStd(k), fromStd(v));
        } else if (name == "buf.validate.Violations") {
            buf::validate::Violations violations;
            if (!violations.ParseFromString(any.value()))
                continue;
            for (const auto &v : violations.violations())
                out.violations.append({ fieldPathText(v.field()), fromStd(v.message()), fromStd(v.rule_id()) });
        }
    }
    return out;
}

} // namespace adm::api
