-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Round" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "jurisdiction" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "batch" INTEGER,
    "schemeId" TEXT NOT NULL,
    "windowStart" TEXT,
    "windowEnd" TEXT,
    "deadlines" TEXT NOT NULL DEFAULT '{}',
    "settings" TEXT NOT NULL DEFAULT '{}',
    "state" TEXT NOT NULL DEFAULT 'draft',
    "liveVersion" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Round_schemeId_fkey" FOREIGN KEY ("schemeId") REFERENCES "Scheme" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Round" ("batch", "createdAt", "createdById", "deadlines", "id", "jurisdiction", "kind", "name", "schemeId", "settings", "state", "updatedAt", "windowEnd", "windowStart", "year") SELECT "batch", "createdAt", "createdById", "deadlines", "id", "jurisdiction", "kind", "name", "schemeId", "settings", "state", "updatedAt", "windowEnd", "windowStart", "year" FROM "Round";
DROP TABLE "Round";
ALTER TABLE "new_Round" RENAME TO "Round";
CREATE UNIQUE INDEX "Round_schemeId_key" ON "Round"("schemeId");
CREATE INDEX "Round_state_idx" ON "Round"("state");
CREATE INDEX "Round_jurisdiction_year_idx" ON "Round"("jurisdiction", "year");
CREATE TABLE "new_ScoreSheet" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "absent" BOOLEAN NOT NULL DEFAULT false,
    "absentReason" TEXT,
    "draftSavedAt" DATETIME,
    "state" TEXT NOT NULL DEFAULT 'draft',
    "version" INTEGER NOT NULL DEFAULT 1,
    "idempotencyKey" TEXT,
    "submittedAt" DATETIME,
    "lockedAt" DATETIME,
    "reopenedReason" TEXT,
    "reopenedById" TEXT,
    "reopenedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ScoreSheet_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScoreSheet_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScoreSheet_expertId_fkey" FOREIGN KEY ("expertId") REFERENCES "Expert" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ScoreSheet_panelId_fkey" FOREIGN KEY ("panelId") REFERENCES "Panel" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ScoreSheet" ("comment", "createdAt", "expertId", "id", "idempotencyKey", "itemId", "lockedAt", "panelId", "recusalReason", "recused", "reopenedAt", "reopenedById", "reopenedReason", "roundId", "scores", "state", "submittedAt", "total", "updatedAt", "version", "vetoProposals") SELECT "comment", "createdAt", "expertId", "id", "idempotencyKey", "itemId", "lockedAt", "panelId", "recusalReason", "recused", "reopenedAt", "reopenedById", "reopenedReason", "roundId", "scores", "state", "submittedAt", "total", "updatedAt", "version", "vetoProposals" FROM "ScoreSheet";
DROP TABLE "ScoreSheet";
ALTER TABLE "new_ScoreSheet" RENAME TO "ScoreSheet";
CREATE UNIQUE INDEX "ScoreSheet_idempotencyKey_key" ON "ScoreSheet"("idempotencyKey");
CREATE INDEX "ScoreSheet_roundId_idx" ON "ScoreSheet"("roundId");
CREATE INDEX "ScoreSheet_expertId_idx" ON "ScoreSheet"("expertId");
CREATE INDEX "ScoreSheet_panelId_idx" ON "ScoreSheet"("panelId");
CREATE UNIQUE INDEX "ScoreSheet_itemId_expertId_key" ON "ScoreSheet"("itemId", "expertId");
CREATE TABLE "new_Result" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "itemId" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "score" TEXT,
    "grade" TEXT,
    "finalGrade" TEXT,
    "rank" INTEGER,
    "status" TEXT NOT NULL,
    "experts" INTEGER NOT NULL DEFAULT 0,
    "totals" TEXT NOT NULL DEFAULT '{}',
    "flags" TEXT NOT NULL DEFAULT '[]',
    "group" TEXT NOT NULL DEFAULT '',
    "panelId" TEXT,
    "expected" INTEGER NOT NULL DEFAULT 0,
    "submitted" INTEGER NOT NULL DEFAULT 0,
    "provisional" BOOLEAN NOT NULL DEFAULT true,
    "locked" BOOLEAN NOT NULL DEFAULT false,
    "computedAt" DATETIME NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Result_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Result_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Result" ("computedAt", "createdAt", "experts", "finalGrade", "flags", "grade", "id", "itemId", "rank", "roundId", "score", "status", "totals", "updatedAt", "version") SELECT "computedAt", "createdAt", "experts", "finalGrade", "flags", "grade", "id", "itemId", "rank", "roundId", "score", "status", "totals", "updatedAt", "version" FROM "Result";
DROP TABLE "Result";
ALTER TABLE "new_Result" RENAME TO "Result";
CREATE UNIQUE INDEX "Result_itemId_key" ON "Result"("itemId");
CREATE INDEX "Result_roundId_idx" ON "Result"("roundId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

