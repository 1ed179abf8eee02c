-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'agency', 'department', 'chair', 'expert');

-- CreateEnum
CREATE TYPE "Jurisdiction" AS ENUM ('miit', 'sichuan', 'shanghai');

-- CreateEnum
CREATE TYPE "PlatformCategory" AS ENUM ('testing', 'information', 'industrialisation');

-- CreateEnum
CREATE TYPE "PlatformStatus" AS ENUM ('applicant', 'listed', 'rectifying', 'removed');

-- CreateEnum
CREATE TYPE "EvaluationKind" AS ENUM ('recognition', 'annual', 'triennial', 'performance');

-- CreateEnum
CREATE TYPE "RemovalGround" AS ENUM ('absent', 'fraud', 'unable_to_operate', 'serious_incident', 'voluntary_withdrawal', 'host_dissolved', 'dishonesty', 'refused_inspection', 'failed_twice');

-- CreateEnum
CREATE TYPE "RoundState" AS ENUM ('draft', 'importing', 'reviewing', 'scoring', 'results', 'published', 'closed');

-- CreateEnum
CREATE TYPE "ItemKind" AS ENUM ('application', 'annualReport', 'triennial');

-- CreateEnum
CREATE TYPE "EligibilityDecision" AS ENUM ('pending', 'admitted', 'excluded');

-- CreateEnum
CREATE TYPE "ImportKind" AS ENUM ('items', 'experts', 'holidays');

-- CreateEnum
CREATE TYPE "ImportState" AS ENUM ('previewed', 'committed', 'rejected');

-- CreateEnum
CREATE TYPE "ConflictKind" AS ENUM ('employer', 'formerEmployer', 'relative', 'declared');

-- CreateEnum
CREATE TYPE "PanelState" AS ENUM ('draft', 'drawn', 'confirmed', 'closed');

-- CreateEnum
CREATE TYPE "PanelMemberRole" AS ENUM ('chair', 'member', 'backup');

-- CreateEnum
CREATE TYPE "PanelMemberStatus" AS ENUM ('drawn', 'replaced');

-- CreateEnum
CREATE TYPE "SheetState" AS ENUM ('draft', 'submitted', 'locked');

-- CreateEnum
CREATE TYPE "DefenceSessionState" AS ENUM ('scheduled', 'live', 'paused', 'closed');

-- CreateEnum
CREATE TYPE "ResultStatus" AS ENUM ('graded', 'incomplete');

-- CreateEnum
CREATE TYPE "RecommendedListState" AS ENUM ('draft', 'notice', 'settled', 'final');

-- CreateEnum
CREATE TYPE "ListEntryStatus" AS ENUM ('listed', 'withdrawn');

-- CreateEnum
CREATE TYPE "ObjectionState" AS ENUM ('received', 'investigating', 'upheld', 'rejected', 'withdrawn');

-- CreateEnum
CREATE TYPE "HolidayKind" AS ENUM ('holiday', 'workday');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "lastLoginAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserRole" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UserRole_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuthSession" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip" TEXT,
    "userAgent" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuthSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginAttempt" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "success" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoginAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "lastUsedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditChainHead" (
    "id" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditChainHead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Organisation" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "uscc" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "nature" TEXT,
    "address" TEXT,
    "parentId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Platform" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "jurisdiction" "Jurisdiction" NOT NULL,
    "category" "PlatformCategory" NOT NULL,
    "fields" TEXT NOT NULL DEFAULT '[]',
    "scopes" TEXT NOT NULL DEFAULT '[]',
    "batch" INTEGER,
    "status" "PlatformStatus" NOT NULL DEFAULT 'applicant',
    "listedYear" INTEGER,
    "removedYear" INTEGER,
    "bannedUntil" INTEGER,
    "organisationId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Platform_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlatformResult" (
    "id" TEXT NOT NULL,
    "platformId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "kind" "EvaluationKind" NOT NULL,
    "grade" TEXT,
    "absent" BOOLEAN NOT NULL DEFAULT false,
    "removalGround" "RemovalGround",
    "roundId" TEXT,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlatformResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Scheme" (
    "id" TEXT NOT NULL,
    "presetKey" TEXT,
    "presetId" TEXT,
    "name" TEXT NOT NULL,
    "jurisdiction" "Jurisdiction" NOT NULL,
    "kind" "EvaluationKind" NOT NULL,
    "definition" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "frozenAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Scheme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Round" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "jurisdiction" "Jurisdiction" NOT NULL,
    "kind" "EvaluationKind" NOT NULL,
    "year" INTEGER NOT NULL,
    "batch" INTEGER,
    "schemeId" TEXT NOT NULL,
    "windowStart" TEXT,
    "windowEnd" TEXT,
    "deadlines" TEXT NOT NULL DEFAULT '{}',
    "settings" TEXT NOT NULL DEFAULT '{}',
    "state" "RoundState" NOT NULL DEFAULT 'draft',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Round_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Item" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "platformId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "kind" "ItemKind" NOT NULL,
    "name" TEXT NOT NULL,
    "group" TEXT,
    "data" TEXT NOT NULL DEFAULT '{}',
    "eligibility" TEXT,
    "eligibilityDecision" "EligibilityDecision" NOT NULL DEFAULT 'pending',
    "eligibilityReason" TEXT,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "flags" TEXT NOT NULL DEFAULT '[]',
    "vetoed" BOOLEAN NOT NULL DEFAULT false,
    "vetoReason" TEXT,
    "attachments" TEXT NOT NULL DEFAULT '[]',
    "importKey" TEXT NOT NULL,
    "importBatchId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportBatch" (
    "id" TEXT NOT NULL,
    "roundId" TEXT,
    "kind" "ImportKind" NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileSha256" TEXT NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "state" "ImportState" NOT NULL,
    "problems" TEXT NOT NULL DEFAULT '[]',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ImportBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Expert" (
    "id" TEXT NOT NULL,
    "code" TEXT,
    "userId" TEXT,
    "name" TEXT NOT NULL,
    "organisationName" TEXT NOT NULL,
    "organisationUscc" TEXT,
    "title" TEXT NOT NULL,
    "fields" TEXT NOT NULL DEFAULT '[]',
    "region" TEXT NOT NULL,
    "phone" TEXT,
    "email" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Expert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExpertConflict" (
    "id" TEXT NOT NULL,
    "expertId" TEXT NOT NULL,
    "kind" "ConflictKind" NOT NULL,
    "organisationName" TEXT,
    "organisationUscc" TEXT,
    "untilYear" INTEGER,
    "platformId" TEXT,
    "itemId" TEXT,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExpertConflict_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Panel" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "fieldGroup" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "quorum" INTEGER,
    "drawSeed" TEXT,
    "drawnAt" TIMESTAMP(3),
    "drawFilter" TEXT,
    "state" "PanelState" NOT NULL DEFAULT 'draft',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Panel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PanelMember" (
    "id" TEXT NOT NULL,
    "panelId" TEXT NOT NULL,
    "expertId" TEXT NOT NULL,
    "role" "PanelMemberRole" NOT NULL,
    "status" "PanelMemberStatus" NOT NULL DEFAULT 'drawn',
    "drawOrder" INTEGER NOT NULL,
    "replacedById" TEXT,
    "replacedReason" TEXT,
    "replacedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PanelMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" TEXT NOT NULL,
    "panelId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "order" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssignmentRecusal" (
    "id" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "expertId" TEXT NOT NULL,
    "kind" "ConflictKind",
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AssignmentRecusal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScoreSheet" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "expertId" TEXT NOT NULL,
    "panelId" TEXT,
    "scores" TEXT NOT NULL DEFAULT '{}',
    "total" TEXT,
    "comment" TEXT,
    "vetoProposals" TEXT NOT NULL DEFAULT '[]',
    "recused" BOOLEAN NOT NULL DEFAULT false,
    "recusalReason" TEXT,
    "state" "SheetState" NOT NULL DEFAULT 'draft',
    "version" INTEGER NOT NULL DEFAULT 1,
    "idempotencyKey" TEXT,
    "submittedAt" TIMESTAMP(3),
    "lockedAt" TIMESTAMP(3),
    "reopenedReason" TEXT,
    "reopenedById" TEXT,
    "reopenedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScoreSheet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DefenceSession" (
    "id" TEXT NOT NULL,
    "panelId" TEXT NOT NULL,
    "name" TEXT,
    "venue" TEXT,
    "scheduledAt" TIMESTAMP(3),
    "state" "DefenceSessionState" NOT NULL DEFAULT 'scheduled',
    "currentItemId" TEXT,
    "order" TEXT NOT NULL DEFAULT '[]',
    "timers" TEXT NOT NULL DEFAULT '{}',
    "checkIns" TEXT NOT NULL DEFAULT '{}',
    "scoringOpen" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DefenceSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Result" (
    "id" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "score" TEXT,
    "grade" TEXT,
    "finalGrade" TEXT,
    "rank" INTEGER,
    "status" "ResultStatus" NOT NULL,
    "experts" INTEGER NOT NULL DEFAULT 0,
    "totals" TEXT NOT NULL DEFAULT '{}',
    "flags" TEXT NOT NULL DEFAULT '[]',
    "computedAt" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Result_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResultAdjustment" (
    "id" TEXT NOT NULL,
    "resultId" TEXT NOT NULL,
    "fromGrade" TEXT,
    "toGrade" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ResultAdjustment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecommendedList" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "state" "RecommendedListState" NOT NULL DEFAULT 'draft',
    "noticeDays" INTEGER NOT NULL DEFAULT 5,
    "noticeStart" TEXT,
    "noticeEnd" TEXT,
    "publishedAt" TIMESTAMP(3),
    "finalizedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RecommendedList_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecommendedListEntry" (
    "id" TEXT NOT NULL,
    "listId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "grade" TEXT,
    "score" TEXT,
    "status" "ListEntryStatus" NOT NULL DEFAULT 'listed',
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RecommendedListEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Objection" (
    "id" TEXT NOT NULL,
    "listId" TEXT NOT NULL,
    "itemId" TEXT,
    "submittedBy" TEXT NOT NULL,
    "contact" TEXT,
    "content" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "state" "ObjectionState" NOT NULL DEFAULT 'received',
    "resolution" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "resolvedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Objection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HolidayRow" (
    "id" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "kind" "HolidayKind" NOT NULL,
    "name" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HolidayRow_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE INDEX "UserRole_role_idx" ON "UserRole"("role");

-- CreateIndex
CREATE UNIQUE INDEX "UserRole_userId_role_key" ON "UserRole"("userId", "role");

-- CreateIndex
CREATE INDEX "AuthSession_userId_idx" ON "AuthSession"("userId");

-- CreateIndex
CREATE INDEX "AuthSession_expiresAt_idx" ON "AuthSession"("expiresAt");

-- CreateIndex
CREATE INDEX "LoginAttempt_username_createdAt_idx" ON "LoginAttempt"("username", "createdAt");

-- CreateIndex
CREATE INDEX "LoginAttempt_ip_createdAt_idx" ON "LoginAttempt"("ip", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_userId_idx" ON "ApiToken"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_seq_key" ON "AuditEvent"("seq");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_hash_key" ON "AuditEvent"("hash");

-- CreateIndex
CREATE INDEX "AuditEvent_entity_entityId_idx" ON "AuditEvent"("entity", "entityId");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_idx" ON "AuditEvent"("actorId");

-- CreateIndex
CREATE INDEX "AuditEvent_createdAt_idx" ON "AuditEvent"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_uscc_key" ON "Organisation"("uscc");

-- CreateIndex
CREATE INDEX "Organisation_parentId_idx" ON "Organisation"("parentId");

-- CreateIndex
CREATE INDEX "Organisation_name_idx" ON "Organisation"("name");

-- CreateIndex
CREATE INDEX "Platform_organisationId_idx" ON "Platform"("organisationId");

-- CreateIndex
CREATE INDEX "Platform_status_idx" ON "Platform"("status");

-- CreateIndex
CREATE UNIQUE INDEX "Platform_jurisdiction_name_key" ON "Platform"("jurisdiction", "name");

-- CreateIndex
CREATE INDEX "PlatformResult_roundId_idx" ON "PlatformResult"("roundId");

-- CreateIndex
CREATE UNIQUE INDEX "PlatformResult_platformId_year_kind_key" ON "PlatformResult"("platformId", "year", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "Scheme_presetKey_key" ON "Scheme"("presetKey");

-- CreateIndex
CREATE INDEX "Scheme_presetId_idx" ON "Scheme"("presetId");

-- CreateIndex
CREATE UNIQUE INDEX "Round_schemeId_key" ON "Round"("schemeId");

-- CreateIndex
CREATE INDEX "Round_state_idx" ON "Round"("state");

-- CreateIndex
CREATE INDEX "Round_jurisdiction_year_idx" ON "Round"("jurisdiction", "year");

-- CreateIndex
CREATE INDEX "Item_platformId_idx" ON "Item"("platformId");

-- CreateIndex
CREATE INDEX "Item_organisationId_idx" ON "Item"("organisationId");

-- CreateIndex
CREATE INDEX "Item_importBatchId_idx" ON "Item"("importBatchId");

-- CreateIndex
CREATE INDEX "Item_roundId_eligibilityDecision_idx" ON "Item"("roundId", "eligibilityDecision");

-- CreateIndex
CREATE UNIQUE INDEX "Item_roundId_importKey_key" ON "Item"("roundId", "importKey");

-- CreateIndex
CREATE INDEX "ImportBatch_roundId_idx" ON "ImportBatch"("roundId");

-- CreateIndex
CREATE UNIQUE INDEX "Expert_code_key" ON "Expert"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Expert_userId_key" ON "Expert"("userId");

-- CreateIndex
CREATE INDEX "Expert_active_idx" ON "Expert"("active");

-- CreateIndex
CREATE INDEX "ExpertConflict_expertId_idx" ON "ExpertConflict"("expertId");

-- CreateIndex
CREATE INDEX "ExpertConflict_organisationUscc_idx" ON "ExpertConflict"("organisationUscc");

-- CreateIndex
CREATE INDEX "Panel_roundId_idx" ON "Panel"("roundId");

-- CreateIndex
CREATE INDEX "PanelMember_expertId_idx" ON "PanelMember"("expertId");

-- CreateIndex
CREATE UNIQUE INDEX "PanelMember_panelId_expertId_key" ON "PanelMember"("panelId", "expertId");

-- CreateIndex
CREATE INDEX "Assignment_itemId_idx" ON "Assignment"("itemId");

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_panelId_itemId_key" ON "Assignment"("panelId", "itemId");

-- CreateIndex
CREATE INDEX "AssignmentRecusal_expertId_idx" ON "AssignmentRecusal"("expertId");

-- CreateIndex
CREATE UNIQUE INDEX "AssignmentRecusal_assignmentId_expertId_key" ON "AssignmentRecusal"("assignmentId", "expertId");

-- CreateIndex
CREATE UNIQUE INDEX "ScoreSheet_idempotencyKey_key" ON "ScoreSheet"("idempotencyKey");

-- CreateIndex
CREATE INDEX "ScoreSheet_roundId_idx" ON "ScoreSheet"("roundId");

-- CreateIndex
CREATE INDEX "ScoreSheet_expertId_idx" ON "ScoreSheet"("expertId");

-- CreateIndex
CREATE INDEX "ScoreSheet_panelId_idx" ON "ScoreSheet"("panelId");

-- CreateIndex
CREATE UNIQUE INDEX "ScoreSheet_itemId_expertId_key" ON "ScoreSheet"("itemId", "expertId");

-- CreateIndex
CREATE INDEX "DefenceSession_panelId_idx" ON "DefenceSession"("panelId");

-- CreateIndex
CREATE UNIQUE INDEX "Result_itemId_key" ON "Result"("itemId");

-- CreateIndex
CREATE INDEX "Result_roundId_idx" ON "Result"("roundId");

-- CreateIndex
CREATE INDEX "ResultAdjustment_resultId_idx" ON "ResultAdjustment"("resultId");

-- CreateIndex
CREATE INDEX "ResultAdjustment_userId_idx" ON "ResultAdjustment"("userId");

-- CreateIndex
CREATE INDEX "RecommendedList_roundId_idx" ON "RecommendedList"("roundId");

-- CreateIndex
CREATE INDEX "RecommendedListEntry_itemId_idx" ON "RecommendedListEntry"("itemId");

-- CreateIndex
CREATE UNIQUE INDEX "RecommendedListEntry_listId_itemId_key" ON "RecommendedListEntry"("listId", "itemId");

-- CreateIndex
CREATE INDEX "Objection_listId_idx" ON "Objection"("listId");

-- CreateIndex
CREATE INDEX "Objection_itemId_idx" ON "Objection"("itemId");

-- CreateIndex
CREATE UNIQUE INDEX "HolidayRow_date_key" ON "HolidayRow"("date");

-- CreateIndex
CREATE INDEX "HolidayRow_year_idx" ON "HolidayRow"("year");

-- AddForeignKey
ALTER TABLE "UserRole" ADD CONSTRAINT "UserRole_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuthSession" ADD CONSTRAINT "AuthSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Platform" ADD CONSTRAINT "Platform_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlatformResult" ADD CONSTRAINT "PlatformResult_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "Platform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlatformResult" ADD CONSTRAINT "PlatformResult_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Round" ADD CONSTRAINT "Round_schemeId_fkey" FOREIGN KEY ("schemeId") REFERENCES "Scheme"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Item" ADD CONSTRAINT "Item_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Item" ADD CONSTRAINT "Item_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "Platform"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Item" ADD CONSTRAINT "Item_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Item" ADD CONSTRAINT "Item_importBatchId_fkey" FOREIGN KEY ("importBatchId") REFERENCES "ImportBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportBatch" ADD CONSTRAINT "ImportBatch_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Expert" ADD CONSTRAINT "Expert_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExpertConflict" ADD CONSTRAINT "ExpertConflict_expertId_fkey" FOREIGN KEY ("expertId") REFERENCES "Expert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Panel" ADD CONSTRAINT "Panel_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PanelMember" ADD CONSTRAINT "PanelMember_panelId_fkey" FOREIGN KEY ("panelId") REFERENCES "Panel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PanelMember" ADD CONSTRAINT "PanelMember_expertId_fkey" FOREIGN KEY ("expertId") REFERENCES "Expert"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_panelId_fkey" FOREIGN KEY ("panelId") REFERENCES "Panel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssignmentRecusal" ADD CONSTRAINT "AssignmentRecusal_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssignmentRecusal" ADD CONSTRAINT "AssignmentRecusal_expertId_fkey" FOREIGN KEY ("expertId") REFERENCES "Expert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScoreSheet" ADD CONSTRAINT "ScoreSheet_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScoreSheet" ADD CONSTRAINT "ScoreSheet_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScoreSheet" ADD CONSTRAINT "ScoreSheet_expertId_fkey" FOREIGN KEY ("expertId") REFERENCES "Expert"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScoreSheet" ADD CONSTRAINT "ScoreSheet_panelId_fkey" FOREIGN KEY ("panelId") REFERENCES "Panel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DefenceSession" ADD CONSTRAINT "DefenceSession_panelId_fkey" FOREIGN KEY ("panelId") REFERENCES "Panel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Result" ADD CONSTRAINT "Result_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Result" ADD CONSTRAINT "Result_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResultAdjustment" ADD CONSTRAINT "ResultAdjustment_resultId_fkey" FOREIGN KEY ("resultId") REFERENCES "Result"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecommendedList" ADD CONSTRAINT "RecommendedList_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecommendedListEntry" ADD CONSTRAINT "RecommendedListEntry_listId_fkey" FOREIGN KEY ("listId") REFERENCES "RecommendedList"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecommendedListEntry" ADD CONSTRAINT "RecommendedListEntry_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Objection" ADD CONSTRAINT "Objection_listId_fkey" FOREIGN KEY ("listId") REFERENCES "RecommendedList"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Objection" ADD CONSTRAINT "Objection_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Data (copied to PostgreSQL by scripts/generate-pg-schema.ts)
-- The audit chain starts from a genesis head: seq 0 and an all-zero hash (see app/models/audit.server.ts).
INSERT INTO "AuditChainHead" ("id", "seq", "hash") VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
