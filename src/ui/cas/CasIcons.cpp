// SPDX-License-Identifier: Apache-2.0
#include "ui/cas/CasIcons.h"

// Resources of a static library must be registered explicitly (outside any namespace).
static void initCasIcons()
{
    Q_INIT_RESOURCE(cas_icons);
}

namespace adm::ui {

QIcon casProviderIcon(const QString &provider)
{
    static const bool initialized = [] {
        initCasIcons();
        return true;
    }();
    Q_UNUSED(initialized);
    if (provider == QLatin1String("AWS-S3"))
        return QIcon(QStringLiteral(":/icons/cas/aws-s3.svg"));
    if (provider == QLatin1String("AzureBlob"))
        return QIcon(QStringLiteral(":/icons/cas/azure-blob.svg"));
    if (provider == QLatin1String("OCI"))
        return QIcon(QStringLiteral(":/icons/cas/oci.svg"));
    return QIcon(QStringLiteral(":/icons/cas/builtin.svg"));
}

} // namespace adm::ui
