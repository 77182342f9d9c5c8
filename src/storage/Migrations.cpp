// SPDX-License-Identifier: Apache-2.0
#include "storage/Migrations.h"

namespace adm::storage {

// Times are INTEGER milliseconds since the epoch (UTC); ids are UUID text without braces.
const QList<Migration> &migrations()
{
    static const QList<Migration> steps = {
        { 1, "profiles, known organizations, activity journal",
            {
                R"(CREATE TABLE profiles (
                  id TEXT PRIMARY KEY NOT NULL,
                  name TEXT NOT NULL COLLATE NOCASE UNIQUE,
                  address TEXT NOT NULL,
                  protocol TEXT NOT NULL DEFAULT 'auto',
                  insecure INTEGER NOT NULL DEFAULT 0,
                  ca_file TEXT NOT NULL DEFAULT '',
                  default_organization TEXT NOT NULL DEFAULT '',
                  token_kind TEXT NOT NULL DEFAULT '',
                  created_at INTEGER NOT NULL,
                  last_used_at INTEGER))",
                R"(CREATE TABLE known_organizations (
                  profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
                  name TEXT NOT NULL COLLATE NOCASE,
                  organization_id TEXT NOT NULL DEFAULT '',
                  source TEXT NOT NULL DEFAULT 'seen' CHECK (source IN ('seen', 'provisioned')),
                  first_seen_at INTEGER NOT NULL,
                  last_seen_at INTEGER NOT NULL,
                  PRIMARY KEY (profile_id, name)))",
                // No foreign key on profile_id: the journal outlives removed profiles.
                R"(CREATE TABLE activity_journal (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  at INTEGER NOT NULL,
                  profile_id TEXT NOT NULL DEFAULT '',
                  profile_name TEXT NOT NULL DEFAULT '',
                  organization TEXT NOT NULL DEFAULT '',
                  action TEXT NOT NULL,
                  target TEXT NOT NULL DEFAULT '',
                  outcome TEXT NOT NULL CHECK (outcome IN ('succeeded', 'failed', 'cancelled')),
                  error_message TEXT NOT NULL DEFAULT '',
                  run_id TEXT NOT NULL DEFAULT ''))",
                "CREATE INDEX activity_journal_by_profile ON activity_journal (profile_id, id)",
                "CREATE INDEX activity_journal_by_run ON activity_journal (run_id, id) WHERE run_id <> ''",
                // Append-only: entries are never rewritten (pruning old ones stays possible).
                R"(CREATE TRIGGER activity_journal_append_only BEFORE UPDATE ON activity_journal
                BEGIN SELECT RAISE(ABORT, 'activity_journal is append-only'); END)",
            } },
        { 2, "listing cache",
            {
                R"(CREATE TABLE listing_cache (
                  profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
                  organization TEXT NOT NULL DEFAULT '',
                  kind TEXT NOT NULL,
                  rows_json TEXT NOT NULL,
                  row_count INTEGER NOT NULL,
                  fetched_at INTEGER NOT NULL,
                  PRIMARY KEY (profile_id, organization, kind)))",
            } },
        { 3, "onboarding runs",
            {
                R"(CREATE TABLE onboarding_runs (
                  run_id TEXT PRIMARY KEY NOT NULL,
                  profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
                  organization TEXT NOT NULL,
                  plan_json TEXT NOT NULL,
                  step_index INTEGER NOT NULL DEFAULT 0,
                  step_status TEXT NOT NULL DEFAULT 'pending',
                  last_error TEXT NOT NULL DEFAULT '',
                  created_at INTEGER NOT NULL,
                  updated_at INTEGER NOT NULL,
                  finished_at INTEGER))",
                "CREATE INDEX onboarding_runs_by_profile ON onboarding_runs (profile_id, finished_at)",
            } },
        // Remembered CAS credential sets: names, provider and expiry only. The secret lives in the
        // keychain; no column here may ever hold it. Sets are not per profile: the keychain entry
        // is shared by every profile, so the row is too.
        { 4, "credential sets, backend credentials",
            {
                R"(CREATE TABLE credential_sets (
                  name TEXT PRIMARY KEY NOT NULL COLLATE NOCASE,
                  provider TEXT NOT NULL CHECK (provider IN ('AWS-S3', 'AzureBlob', 'OCI')),
                  expires_at INTEGER,
                  created_at INTEGER NOT NULL,
                  updated_at INTEGER NOT NULL))",
                // No foreign key on credential_set: a forgotten set leaves the backend's own copy
                // of the expiry in place.
                R"(CREATE TABLE backend_credentials (
                  profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
                  organization TEXT NOT NULL COLLATE NOCASE,
                  backend TEXT NOT NULL COLLATE NOCASE,
                  credential_set TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
                  expires_at INTEGER,
                  updated_at INTEGER NOT NULL,
                  PRIMARY KEY (profile_id, organization, backend)))",
            } },
        // The plan is written once; the progress columns change twice per step. In one row,
        // every progress update rewrote the plan's pages too (a 500-organization plan: ~0.4 MB
        // per update, most of the bulk run's CPU time).
        { 5, "onboarding plans apart from their progress",
            {
                R"(CREATE TABLE onboarding_plans (
                  run_id TEXT PRIMARY KEY NOT NULL REFERENCES onboarding_runs(run_id) ON DELETE CASCADE,
                  plan_json TEXT NOT NULL))",
                "INSERT INTO onboarding_plans (run_id, plan_json) SELECT run_id, plan_json FROM onboarding_runs",
                "ALTER TABLE onboarding_runs DROP COLUMN plan_json",
            } },
    };
    return steps;
}

} // namespace adm::storage
