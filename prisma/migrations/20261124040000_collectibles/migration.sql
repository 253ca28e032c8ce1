-- AlterEnum
ALTER TYPE "ProductKind" ADD VALUE 'COLLECTIBLE';

-- CreateEnum
CREATE TYPE "ListingStatus" AS ENUM ('ACTIVE', 'SOLD', 'CANCELLED');

-- AlterTable
ALTER TABLE "Product" ADD COLUMN "dropId" INTEGER;

-- CreateTable
CREATE TABLE "Collection" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "title" JSONB NOT NULL,
    "description" JSONB NOT NULL,
    "coverUrl" TEXT,
    "supplyCap" INTEGER NOT NULL,
    "minted" INTEGER NOT NULL DEFAULT 0,
    "attributes" JSONB NOT NULL,
    "royaltyBps" INTEGER NOT NULL DEFAULT 500,
    "nftAddress" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Collection_pkey" PRIMARY KEY ("id"),
    -- Edition numbers come from "minted"; the cap can never be passed.
    CONSTRAINT "Collection_supply" CHECK ("minted" >= 0 AND "minted" <= "supplyCap"),
    CONSTRAINT "Collection_royalty" CHECK ("royaltyBps" >= 0 AND "royaltyBps" <= 5000)
);

CREATE TABLE "Drop" (
    "id" SERIAL NOT NULL,
    "collectionId" INTEGER NOT NULL,
    "title" JSONB NOT NULL,
    "supply" INTEGER NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),
    "seedHash" TEXT NOT NULL,
    "seed" TEXT NOT NULL,
    "revealedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Drop_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Drop_supply_positive" CHECK ("supply" > 0)
);

CREATE TABLE "Edition" (
    "id" SERIAL NOT NULL,
    "collectionId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "dropId" INTEGER,
    "orderId" INTEGER,
    "rollInput" TEXT,
    "ownerId" INTEGER,
    "model" TEXT NOT NULL,
    "backdrop" TEXT NOT NULL,
    "symbol" TEXT NOT NULL,
    "modelPermille" INTEGER NOT NULL,
    "backdropPermille" INTEGER NOT NULL,
    "symbolPermille" INTEGER NOT NULL,
    "rarity" BIGINT NOT NULL,
    "showcased" BOOLEAN NOT NULL DEFAULT false,
    "nftAddress" TEXT,
    "nftIndex" BIGINT,
    "mintedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Edition_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Edition_number_positive" CHECK ("number" >= 1)
);

CREATE TABLE "EditionTransfer" (
    "id" SERIAL NOT NULL,
    "editionId" INTEGER NOT NULL,
    "fromId" INTEGER,
    "toId" INTEGER,
    "kind" TEXT NOT NULL,
    "currency" "Currency",
    "price" BIGINT,
    "message" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EditionTransfer_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Listing" (
    "id" SERIAL NOT NULL,
    "editionId" INTEGER NOT NULL,
    "sellerId" INTEGER NOT NULL,
    "buyerId" INTEGER,
    "currency" "Currency" NOT NULL,
    "price" BIGINT NOT NULL,
    "fee" BIGINT NOT NULL DEFAULT 0,
    "status" "ListingStatus" NOT NULL DEFAULT 'ACTIVE',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Listing_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Listing_price_positive" CHECK ("price" > 0 AND "fee" >= 0),
    CONSTRAINT "Listing_not_self_bought" CHECK ("buyerId" IS NULL OR "buyerId" <> "sellerId")
);

CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

CREATE TABLE "TelegramGift" (
    "id" SERIAL NOT NULL,
    "participantId" INTEGER NOT NULL,
    "ownedGiftId" TEXT NOT NULL,
    "giftId" TEXT NOT NULL,
    "isUnique" BOOLEAN NOT NULL DEFAULT false,
    "name" TEXT,
    "model" TEXT,
    "symbol" TEXT,
    "backdrop" TEXT,
    "modelPermille" INTEGER,
    "symbolPermille" INTEGER,
    "backdropPermille" INTEGER,
    "starCount" INTEGER,
    "sentDate" TIMESTAMP(3),
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TelegramGift_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Product_dropId_key" ON "Product"("dropId");
CREATE UNIQUE INDEX "Collection_slug_key" ON "Collection"("slug");
CREATE INDEX "Drop_collectionId_idx" ON "Drop"("collectionId");
CREATE UNIQUE INDEX "Edition_orderId_key" ON "Edition"("orderId");
CREATE INDEX "Edition_ownerId_idx" ON "Edition"("ownerId");
CREATE INDEX "Edition_collectionId_rarity_idx" ON "Edition"("collectionId", "rarity");
CREATE UNIQUE INDEX "Edition_collectionId_number_key" ON "Edition"("collectionId", "number");
CREATE INDEX "EditionTransfer_editionId_id_idx" ON "EditionTransfer"("editionId", "id");
CREATE INDEX "Listing_status_currency_price_idx" ON "Listing"("status", "currency", "price");
CREATE INDEX "Listing_editionId_idx" ON "Listing"("editionId");
CREATE UNIQUE INDEX "TelegramGift_participantId_ownedGiftId_key" ON "TelegramGift"("participantId", "ownedGiftId");
-- One active listing per edition (partial unique index; Prisma cannot express it).
CREATE UNIQUE INDEX "Listing_one_active_per_edition" ON "Listing"("editionId") WHERE "status" = 'ACTIVE';

-- AddForeignKey
ALTER TABLE "Product" ADD CONSTRAINT "Product_dropId_fkey" FOREIGN KEY ("dropId") REFERENCES "Drop"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Drop" ADD CONSTRAINT "Drop_collectionId_fkey" FOREIGN KEY ("collectionId") REFERENCES "Collection"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Edition" ADD CONSTRAINT "Edition_collectionId_fkey" FOREIGN KEY ("collectionId") REFERENCES "Collection"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Edition" ADD CONSTRAINT "Edition_dropId_fkey" FOREIGN KEY ("dropId") REFERENCES "Drop"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Edition" ADD CONSTRAINT "Edition_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Participant"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "EditionTransfer" ADD CONSTRAINT "EditionTransfer_editionId_fkey" FOREIGN KEY ("editionId") REFERENCES "Edition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Listing" ADD CONSTRAINT "Listing_editionId_fkey" FOREIGN KEY ("editionId") REFERENCES "Edition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
