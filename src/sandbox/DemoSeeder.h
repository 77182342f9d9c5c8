// SPDX-License-Identifier: Apache-2.0
// Demo and load data. seedDemo() is idempotent on an existing database: the data is created
// once, and every call returns fresh secrets for the same identities.
#pragma once

#include "sandbox/SandboxStore.h"

#include <QJsonObject>

namespace adm::sandbox {

class SandboxJwt;
class TokenMethods;
class OrganizationMethods;
class CasBackendMethods;

class DemoSeeder
{
public:
    DemoSeeder(SandboxStore &store, const SandboxJwt &jwt, TokenMethods &tokens, OrganizationMethods &orgs,
        CasBackendMethods &cas);

    // Keys: instance_token, instance_admin_user_token, instance_admin_email, user_tokens {email: jwt},
    // org_tokens {org name: jwt}.
    QJsonObject seedDemo();
    // `orgs` organizations "load-org-NNNNN" owned by load-owner@example.com; the first one has
    // `members` memberships in total (owner included). Keys: owner_email, owner_token,
    // first_org, orgs, members.
    QJsonObject seedLoad(int orgs, int members);

private:
    void createDemoData();
    UserRow addUser(const QString &email, const QString &first, const QString &last, bool instanceAdmin = false);
    void addMember(const OrgRow &org, const UserRow &user, int role, bool current = false);
    void addCas(const OrgRow &org, const QString &name, const QString &provider, const QString &location,
        const QString &secret, bool isDefault, bool isFallback, bool managed = false);
    QString activeOrgToken(const QString &orgName);
    QString userToken(const QString &userId) const;

    SandboxStore &m_store;
    const SandboxJwt &m_jwt;
    TokenMethods &m_tokens;
    OrganizationMethods &m_orgs;
    CasBackendMethods &m_cas;
};

} // namespace adm::sandbox
