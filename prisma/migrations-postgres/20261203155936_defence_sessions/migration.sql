-- AlterTable
ALTER TABLE "DefenceSession" ADD COLUMN     "log" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "phase" TEXT,
ADD COLUMN     "phaseEndsAt" TIMESTAMP(3),
ADD COLUMN     "phaseRemainingMs" INTEGER,
ADD COLUMN     "phaseSeconds" INTEGER,
ADD COLUMN     "phaseStartedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ScreenLink" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "label" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "revokedById" TEXT,

    CONSTRAINT "ScreenLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ScreenLink_tokenHash_key" ON "ScreenLink"("tokenHash");

-- CreateIndex
CREATE INDEX "ScreenLink_sessionId_idx" ON "ScreenLink"("sessionId");

-- AddForeignKey
ALTER TABLE "ScreenLink" ADD CONSTRAINT "ScreenLink_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "DefenceSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

