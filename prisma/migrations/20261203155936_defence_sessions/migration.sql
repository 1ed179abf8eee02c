-- CreateTable
CREATE TABLE "ScreenLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "label" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "revokedAt" DATETIME,
    "revokedById" TEXT,
    CONSTRAINT "ScreenLink_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "DefenceSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DefenceSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "panelId" TEXT NOT NULL,
    "name" TEXT,
    "venue" TEXT,
    "scheduledAt" DATETIME,
    "state" TEXT NOT NULL DEFAULT 'scheduled',
    "currentItemId" TEXT,
    "order" TEXT NOT NULL DEFAULT '[]',
    "timers" TEXT NOT NULL DEFAULT '{}',
    "checkIns" TEXT NOT NULL DEFAULT '{}',
    "scoringOpen" BOOLEAN NOT NULL DEFAULT false,
    "phase" TEXT,
    "phaseStartedAt" DATETIME,
    "phaseEndsAt" DATETIME,
    "phaseRemainingMs" INTEGER,
    "phaseSeconds" INTEGER,
    "log" TEXT NOT NULL DEFAULT '[]',
    "version" INTEGER NOT NULL DEFAULT 1,
    "startedAt" DATETIME,
    "endedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "DefenceSession_panelId_fkey" FOREIGN KEY ("panelId") REFERENCES "Panel" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_DefenceSession" ("checkIns", "createdAt", "currentItemId", "endedAt", "id", "name", "order", "panelId", "scheduledAt", "scoringOpen", "startedAt", "state", "timers", "updatedAt", "venue", "version") SELECT "checkIns", "createdAt", "currentItemId", "endedAt", "id", "name", "order", "panelId", "scheduledAt", "scoringOpen", "startedAt", "state", "timers", "updatedAt", "venue", "version" FROM "DefenceSession";
DROP TABLE "DefenceSession";
ALTER TABLE "new_DefenceSession" RENAME TO "DefenceSession";
CREATE INDEX "DefenceSession_panelId_idx" ON "DefenceSession"("panelId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "ScreenLink_tokenHash_key" ON "ScreenLink"("tokenHash");

-- CreateIndex
CREATE INDEX "ScreenLink_sessionId_idx" ON "ScreenLink"("sessionId");

