// SPDX-License-Identifier: Apache-2.0
// The bulk-onboarding CSV file: the RFC 4180 reader, then row validation into a plan.
#include "FuzzCheck.h"
#include "core/CsvReader.h"
#include "core/OnboardingCsv.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    // Small limits so every limit check is reachable with short inputs.
    adm::CsvLimits limits;
    limits.maxBytes = 8192;
    limits.maxRecords = 32;
    limits.maxFields = 16;
    limits.maxFieldBytes = 256;

    const adm::CsvParseResult csv = adm::readCsv(bytes, limits);
    ADM_FUZZ_CHECK(csv.records.size() <= limits.maxRecords);
    int previousLine = 0;
    for (const auto &record : csv.records) {
        ADM_FUZZ_CHECK(record.line > previousLine); // records start on increasing lines
        ADM_FUZZ_CHECK(record.fields.size() <= limits.maxFields);
        previousLine = record.line;
    }
    if (!csv.ok())
        ADM_FUZZ_CHECK(csv.error.line >= 1 && csv.error.column >= 1);

    adm::OnboardingCsvOptions options;
    options.allowSettings = data[0 % std::max<size_t>(size, 1)] & 1;
    options.limits = limits;
    const adm::OnboardingCsvResult result = adm::parseOnboardingCsv(bytes, options);
    if (!result.ok())
        ADM_FUZZ_CHECK(result.plan.steps.isEmpty()); // no plan runs from a file with issues
    // The per-row view and the CSV export of a fresh plan must not trip over anything parsed.
    const auto rows = adm::onboardingRowResults(result.plan, result.rows);
    (void)adm::onboardingResultsCsv(rows);
    (void)adm::onboardingRowsFromPlan(result.plan);
    return 0;
}
