// SPDX-License-Identifier: Apache-2.0
// Pure wire functions: framing, trailers, percent-decoding, deadlines, status details.
#include "api/GrpcFrame.h"
#include "api/GrpcMetadata.h"
#include "api/GrpcStatus.h"
#include "api/StatusDetails.h"
#include "buf/validate/violations.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

#include <QTest>

using namespace adm::api;
using namespace std::chrono_literals;

namespace {
QByteArray frame(quint8 flags, const QByteArray &body)
{
    QByteArray f = encodeGrpcFrame(body);
    f[0] = char(flags);
    return f;
}
} // namespace

class TestGrpcWire : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void encode()
    {
        QCOMPARE(encodeGrpcFrame(""), QByteArray("\0\0\0\0\0", 5));
        QCOMPARE(encodeGrpcFrame("abc"), QByteArray("\0\0\0\0\3abc", 8));
        const QByteArray big(300, 'x');
        QCOMPARE(encodeGrpcFrame(big).left(5), QByteArray("\0\0\0\1\x2c", 5));
    }

    void decodeSplitAcrossReads()
    {
        const QByteArray wire = encodeGrpcFrame("hello") + frame(0x80, "grpc-status: 0\r\n");
        GrpcFrameDecoder dec(1024, true);
        for (char c : wire)
            QVERIFY(dec.feed(QByteArrayView(&c, 1)));
        QVERIFY(dec.hasFrame());
        auto f = dec.takeFrame();
        QCOMPARE(f.data, QByteArray("hello"));
        QVERIFY(!f.trailers);
        f = dec.takeFrame();
        QVERIFY(f.trailers);
        QCOMPARE(f.data, QByteArray("grpc-status: 0\r\n"));
        QVERIFY(!dec.hasFrame());
        QVERIFY(!dec.hasPartialFrame());
    }

    void decodeSeveralFramesInOneRead()
    {
        GrpcFrameDecoder dec(1024, false);
        QVERIFY(dec.feed(encodeGrpcFrame("a") + encodeGrpcFrame("") + encodeGrpcFrame("ccc")));
        QCOMPARE(dec.takeFrame().data, QByteArray("a"));
        QCOMPARE(dec.takeFrame().data, QByteArray());
        QCOMPARE(dec.takeFrame().data, QByteArray("ccc"));
        QVERIFY(!dec.hasFrame());
    }

    void decodeHeaderSplitInTheMiddle()
    {
        const QByteArray wire = encodeGrpcFrame("0123456789");
        GrpcFrameDecoder dec(1024, false);
        QVERIFY(dec.feed(wire.left(3)));
        QVERIFY(!dec.hasFrame());
        QVERIFY(dec.hasPartialFrame());
        QVERIFY(dec.feed(wire.mid(3, 4)));
        QVERIFY(!dec.hasFrame());
        QVERIFY(dec.feed(wire.mid(7)));
        QCOMPARE(dec.takeFrame().data, QByteArray("0123456789"));
    }

    void decodeCompressedRefused()
    {
        GrpcFrameDecoder dec(1024, false);
        QVERIFY(!dec.feed(frame(0x01, "zz")));
        QCOMPARE(dec.error(), GrpcFrameDecoder::Error::Compressed);
        QVERIFY(!dec.feed(encodeGrpcFrame("later")));
        QVERIFY(!dec.hasFrame());
    }

    void decodeTooLargeRefusedFromHeaderAlone()
    {
        GrpcFrameDecoder dec(16, false);
        QByteArray header("\0\x02\0\0\0", 5); // 32 MiB declared, body never sent
        QVERIFY(!dec.feed(header));
        QCOMPARE(dec.error(), GrpcFrameDecoder::Error::TooLarge);
        QCOMPARE(dec.errorLength(), qint64(32 * 1024 * 1024));
        GrpcFrameDecoder exact(3, false);
        QVERIFY(exact.feed(encodeGrpcFrame("abc")));
        QVERIFY(exact.hasFrame());
    }

    void decodeTrailerFrameOnlyForWeb()
    {
        GrpcFrameDecoder native(1024, false);
        QVERIFY(!native.feed(frame(0x80, "x")));
        QCOMPARE(native.error(), GrpcFrameDecoder::Error::BadFlags);
        GrpcFrameDecoder web(1024, true);
        QVERIFY(!web.feed(frame(0x40, "x")));
        QCOMPARE(web.error(), GrpcFrameDecoder::Error::BadFlags);
    }

    void decodeCutShort()
    {
        GrpcFrameDecoder dec(1024, false);
        QVERIFY(dec.feed(encodeGrpcFrame("complete message").left(9)));
        QVERIFY(!dec.hasFrame());
        QVERIFY(dec.hasPartialFrame()); // what the channel reports as a truncated body
    }

    void webTrailers()
    {
        const HeaderList t = parseGrpcWebTrailers(
            "grpc-status: 7\r\nGrpc-Message: not%20allowed\r\nx-custom:  v a l \r\n\r\nbogus\r\n");
        QCOMPARE(t.size(), 3);
        QCOMPARE(findHeader(t, "grpc-status").value(), QByteArray("7"));
        QCOMPARE(findHeader(t, "GRPC-MESSAGE").value(), QByteArray("not%20allowed"));
        QCOMPARE(findHeader(t, "x-custom").value(), QByteArray("v a l"));
        QVERIFY(!findHeader(t, "absent"));
        // Bare "\n" line ends are accepted too.
        QCOMPARE(findHeader(parseGrpcWebTrailers("grpc-status:0\n"), "grpc-status").value(), QByteArray("0"));
    }

    void grpcStatusValue_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<int>("expected"); // -1 = unreadable
        QTest::newRow("plain") << QByteArray("14") << 14;
        QTest::newRow("merged duplicate") << QByteArray("0, 0") << 0;
        QTest::newRow("spaces") << QByteArray(" 5 ") << 5;
        QTest::newRow("text") << QByteArray("abc") << -1;
        QTest::newRow("empty") << QByteArray("") << -1;
        QTest::newRow("negative") << QByteArray("-1") << -1;
    }
    void grpcStatusValue()
    {
        QFETCH(QByteArray, value);
        QFETCH(int, expected);
        const auto parsed = parseGrpcStatus(value);
        QCOMPARE(parsed.value_or(-1), expected);
    }

    void statusCodes()
    {
        QCOMPARE(statusCodeName(StatusCode::PermissionDenied), QStringLiteral("PERMISSION_DENIED"));
        QCOMPARE(statusCodeFromInt(99), StatusCode::Unknown);
        QCOMPARE(statusCodeFromInt(16), StatusCode::Unauthenticated);
        QCOMPARE(statusCodeFromHttp(503), StatusCode::Unavailable);
        QCOMPARE(statusCodeFromHttp(404), StatusCode::Unimplemented);
        QCOMPARE(statusCodeFromHttp(401), StatusCode::Unauthenticated);
        QCOMPARE(statusCodeFromHttp(418), StatusCode::Unknown);
    }

    void percentDecoding_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<QString>("text");
        QTest::newRow("plain") << QByteArray("not allowed") << QStringLiteral("not allowed");
        QTest::newRow("percent") << QByteArray("100%25 sure") << QStringLiteral("100% sure");
        QTest::newRow("utf8") << QByteArray("f%C3%BCr") << QStringLiteral("f\u00fcr");
        QTest::newRow("newline") << QByteArray("a%0Ab") << QStringLiteral("a\nb");
        QTest::newRow("bad escape kept") << QByteArray("50%zz") << QStringLiteral("50%zz");
        QTest::newRow("trailing percent") << QByteArray("x%") << QStringLiteral("x%");
        QTest::newRow("short escape") << QByteArray("x%4") << QStringLiteral("x%4");
    }
    void percentDecoding()
    {
        QFETCH(QByteArray, wire);
        QFETCH(QString, text);
        QCOMPARE(percentDecodeGrpcMessage(wire), text);
    }

    void percentRoundTrip()
    {
        const QString s = QStringLiteral("Größe 100% \u2713\r\n");
        const QByteArray enc = percentEncodeGrpcMessage(s);
        for (char c : enc)
            QVERIFY(quint8(c) >= 0x20 && quint8(c) <= 0x7e);
        QCOMPARE(percentDecodeGrpcMessage(enc), s);
    }

    void timeoutHeader_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QByteArray>("header");
        QTest::newRow("default 15 s") << qint64(15000) << QByteArray("15000m");
        QTest::newRow("1 ms") << qint64(1) << QByteArray("1m");
        QTest::newRow("zero becomes 1m") << qint64(0) << QByteArray("1m");
        QTest::newRow("8 digits of ms") << qint64(99'999'999) << QByteArray("99999999m");
        QTest::newRow("seconds, rounded up") << qint64(100'000'001) << QByteArray("100001S");
        QTest::newRow("minutes") << qint64(200'000'000'000) << QByteArray("3333334M");
        QTest::newRow("hours") << qint64(99'999'999'999'999) << QByteArray("27777778H");
    }
    void timeoutHeader()
    {
        QFETCH(qint64, ms);
        QFETCH(QByteArray, header);
        const QByteArray got = formatGrpcTimeout(std::chrono::milliseconds(ms));
        QCOMPARE(got, header);
        QVERIFY(got.size() <= 9);
    }

    void binaryHeader()
    {
        QCOMPARE(decodeBinaryHeader("aGk="), QByteArray("hi"));
        QCOMPARE(decodeBinaryHeader("aGk"), QByteArray("hi")); // unpadded, allowed by the spec
        QCOMPARE(decodeBinaryHeader("aGk=, aGk="), QByteArray("hi")); // merged duplicates
        QCOMPARE(decodeBinaryHeader("!!!"), QByteArray());
    }

    void contentTypes()
    {
        QVERIFY(isGrpcContentType("application/grpc"));
        QVERIFY(isGrpcContentType("application/grpc, application/grpc"));
        QVERIFY(isGrpcContentType("application/grpc-web+proto"));
        QVERIFY(!isGrpcContentType("text/html; charset=utf-8"));
        QVERIFY(!isGrpcContentType(""));
    }

    void detailsErrorInfo()
    {
        google::rpc::Status st;
        st.set_code(16);
        st.set_message("JWT token is missing");
        google::rpc::ErrorInfo info;
        info.set_reason("UNAUTHORIZED");
        (*info.mutable_metadata())["k"] = "v";
        auto *any = st.add_details();
        any->set_type_url("type.googleapis.com/google.rpc.ErrorInfo");
        any->set_value(info.SerializeAsString());
        auto *unknown = st.add_details();
        unknown->set_type_url("type.googleapis.com/some.Other");
        unknown->set_value("\xff\xff");
        const std::string bin = st.SerializeAsString();
        const auto d = decodeStatusDetails(QByteArrayView(bin.data(), qsizetype(bin.size())));
        QVERIFY(d);
        QCOMPARE(d->code, 16);
        QCOMPARE(d->reason, QStringLiteral("UNAUTHORIZED"));
        QCOMPARE(d->message, QStringLiteral("JWT token is missing"));
        QCOMPARE(d->metadata.value(QStringLiteral("k")), QStringLiteral("v"));
        QVERIFY(d->violations.isEmpty());
    }

    void detailsViolations()
    {
        buf::validate::Violations vs;
        auto *v = vs.add_violations();
        v->set_rule_id("string.min_len");
        v->set_message("value length must be at least 1 characters");
        auto *el = v->mutable_field()->add_elements();
        el->set_field_name("name");
        el->set_field_number(3);
        auto *v2 = vs.add_violations();
        v2->set_rule_id("string.email");
        v2->set_message("value must be a valid email address");
        auto *a = v2->mutable_field()->add_elements();
        a->set_field_name("items");
        a->set_index(2);
        v2->mutable_field()->add_elements()->set_field_name("email");
        auto *v3 = vs.add_violations();
        v3->set_rule_id("required");
        auto *m = v3->mutable_field()->add_elements();
        m->set_field_name("labels");
        m->set_string_key("team");
        google::rpc::Status st;
        st.set_code(3);
        auto *any = st.add_details();
        any->set_type_url("type.googleapis.com/buf.validate.Violations");
        any->set_value(vs.SerializeAsString());
        const std::string bin = st.SerializeAsString();
        const auto d = decodeStatusDetails(QByteArrayView(bin.data(), qsizetype(bin.size())));
        QVERIFY(d);
        QCOMPARE(d->violations.size(), 3);
        QCOMPARE(d->violations[0],
            (FieldViolation { QStringLiteral("name"), QStringLiteral("value length must be at least 1 characters"),
                QStringLiteral("string.min_len") }));
        QCOMPARE(d->violations[1].fieldPath, QStringLiteral("items[2].email"));
        QCOMPARE(d->violations[2].fieldPath, QStringLiteral("labels[\"team\"]"));
        QCOMPARE(d->violations[2].ruleId, QStringLiteral("required"));
    }

    void detailsGarbage()
    {
        QVERIFY(!decodeStatusDetails(QByteArrayView("\xff\xff\xff", 3)));
        QVERIFY(decodeStatusDetails(QByteArrayView()).has_value()); // empty Status: valid, nothing in it
    }
};

QTEST_GUILESS_MAIN(TestGrpcWire)
#include "tst_grpcwire.moc"
