// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QTranslator>

namespace adm::models {

// Source strings use Qt's "%n token(s)" form. Without a translation file Qt would show the
// "(s)" as is; this translator gives English its singular and plural ("1 token", "5 tokens",
// "2 addresses") and leaves every other string alone. Real translations installed later win.
class EnglishPlurals : public QTranslator
{
    Q_OBJECT
public:
    using QTranslator::QTranslator;

    QString translate(
        const char *context, const char *sourceText, const char *disambiguation = nullptr, int n = -1) const override;
    bool isEmpty() const override { return false; }

    // Installs one instance on the application (idempotent).
    static void install();
};

} // namespace adm::models
