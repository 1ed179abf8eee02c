-- AlterTable
ALTER TABLE "Round" ADD COLUMN     "liveVersion" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "ScoreSheet" ADD COLUMN     "absent" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "absentReason" TEXT,
ADD COLUMN     "draftSavedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Result" ADD COLUMN     "expected" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "group" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "locked" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "panelId" TEXT,
ADD COLUMN     "provisional" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "submitted" INTEGER NOT NULL DEFAULT 0;

