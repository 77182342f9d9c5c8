// SPDX-License-Identifier: Apache-2.0
// Every typed client, for code that uses several.
#pragma once

#include "api/ApiTokenClient.h"
#include "api/CasBackendClient.h"
#include "api/ContextClient.h"
#include "api/InstanceTokenClient.h"
#include "api/InvitationClient.h"
#include "api/OrganizationClient.h"
#include "api/StatusClient.h"
#include "api/UserClient.h"
