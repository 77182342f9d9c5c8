// SPDX-License-Identifier: Apache-2.0
// Counts the answers of calls sent together (revoke these tokens, revoke these invitations) so
// the page hears one result for the batch: how many succeeded, one line per failure, and the
// error of a failure (not of whichever call happened to answer last).
#pragma once

#include "api/ApiError.h"

#include <QStringList>

#include <utility>

namespace adm::models {

class BatchTally
{
public:
    struct Outcome {
        int succeeded = 0;
        QStringList failures; // "name: why", one per failed call
        api::ApiError error; // the last failure's error; empty when all succeeded
    };

    void expect(int calls) { m_pending += calls; }
    void succeeded() { ++m_outcome.succeeded; }
    void failed(const QString &line, const api::ApiError &error)
    {
        m_outcome.failures << line;
        m_outcome.error = error;
    }
    // After recording an answer: true when it was the last one outstanding (then take()).
    bool answered() { return --m_pending == 0; }
    // The batch's outcome; the tally starts over.
    Outcome take() { return std::exchange(m_outcome, {}); }

private:
    int m_pending = 0;
    Outcome m_outcome;
};

} // namespace adm::models
