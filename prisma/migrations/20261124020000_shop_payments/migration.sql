-- CreateEnum
CREATE TYPE "ProductKind" AS ENUM ('POINTS_PACK', 'BOOST', 'ITEM');
CREATE TYPE "InvoiceStatus" AS ENUM ('PENDING', 'PAID', 'EXPIRED', 'UNDERPAID', 'REFUNDED', 'CANCELLED');
CREATE TYPE "OrderStatus" AS ENUM ('PENDING', 'FULFILLED', 'REFUNDED', 'CANCELLED');

-- CreateTable
CREATE TABLE "Product" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "kind" "ProductKind" NOT NULL,
    "title" JSONB NOT NULL,
    "description" JSONB NOT NULL,
    "imageUrl" TEXT,
    "priceStars" BIGINT,
    "priceTon" BIGINT,
    "pricePoints" BIGINT,
    "stock" INTEGER,
    "perParticipantLimit" INTEGER,
    "startsAt" TIMESTAMP(3),
    "endsAt" TIMESTAMP(3),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "pointsAmount" BIGINT,
    "boostMultiplierBps" INTEGER,
    "boostSeconds" INTEGER,
    "itemData" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Product_pkey" PRIMARY KEY ("id"),
    -- Stock is reserved by decrementing it; it can never be oversold.
    CONSTRAINT "Product_stock_nonnegative" CHECK ("stock" IS NULL OR "stock" >= 0),
    CONSTRAINT "Product_prices_positive" CHECK (
        ("priceStars" IS NULL OR "priceStars" > 0) AND ("priceTon" IS NULL OR "priceTon" > 0) AND ("pricePoints" IS NULL OR "pricePoints" > 0)
    ),
    CONSTRAINT "Product_limit_positive" CHECK ("perParticipantLimit" IS NULL OR "perParticipantLimit" > 0)
);

CREATE TABLE "Invoice" (
    "id" TEXT NOT NULL,
    "participantId" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "currency" "Currency" NOT NULL,
    "amount" BIGINT NOT NULL,
    "paidAmount" BIGINT NOT NULL DEFAULT 0,
    "status" "InvoiceStatus" NOT NULL DEFAULT 'PENDING',
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "paidAt" TIMESTAMP(3),
    "refundedAt" TIMESTAMP(3),
    "telegramChargeId" TEXT,
    "providerChargeId" TEXT,
    "invoiceLink" TEXT,
    "tonComment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invoice_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Invoice_amount_positive" CHECK ("amount" > 0 AND "paidAmount" >= 0)
);

CREATE TABLE "Order" (
    "id" SERIAL NOT NULL,
    "participantId" INTEGER NOT NULL,
    "productId" INTEGER NOT NULL,
    "invoiceId" TEXT,
    "currency" "Currency" NOT NULL,
    "price" BIGINT NOT NULL,
    "status" "OrderStatus" NOT NULL DEFAULT 'PENDING',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fulfilledAt" TIMESTAMP(3),
    "refundedAt" TIMESTAMP(3),

    CONSTRAINT "Order_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Boost" (
    "id" SERIAL NOT NULL,
    "participantId" INTEGER NOT NULL,
    "orderId" INTEGER,
    "multiplierBps" INTEGER NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Boost_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Boost_window" CHECK ("endsAt" >= "startsAt" AND "multiplierBps" >= 10000)
);

CREATE TABLE "PurchasedItem" (
    "id" SERIAL NOT NULL,
    "participantId" INTEGER NOT NULL,
    "productId" INTEGER NOT NULL,
    "orderId" INTEGER,
    "data" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "PurchasedItem_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "TonTransfer" (
    "hash" TEXT NOT NULL,
    "lt" BIGINT NOT NULL,
    "source" TEXT,
    "amount" BIGINT NOT NULL,
    "comment" TEXT,
    "aborted" BOOLEAN NOT NULL DEFAULT false,
    "invoiceId" TEXT,
    "outcome" TEXT NOT NULL,
    "participantId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "txTime" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TonTransfer_pkey" PRIMARY KEY ("hash")
);

CREATE TABLE "JobState" (
    "name" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobState_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "Product_slug_key" ON "Product"("slug");
CREATE UNIQUE INDEX "Invoice_telegramChargeId_key" ON "Invoice"("telegramChargeId");
CREATE UNIQUE INDEX "Invoice_tonComment_key" ON "Invoice"("tonComment");
CREATE INDEX "Invoice_participantId_createdAt_idx" ON "Invoice"("participantId", "createdAt");
CREATE INDEX "Invoice_status_expiresAt_idx" ON "Invoice"("status", "expiresAt");
CREATE UNIQUE INDEX "Order_invoiceId_key" ON "Order"("invoiceId");
CREATE INDEX "Order_participantId_productId_idx" ON "Order"("participantId", "productId");
CREATE UNIQUE INDEX "Boost_orderId_key" ON "Boost"("orderId");
CREATE INDEX "Boost_participantId_endsAt_idx" ON "Boost"("participantId", "endsAt");
CREATE UNIQUE INDEX "PurchasedItem_orderId_key" ON "PurchasedItem"("orderId");
CREATE INDEX "PurchasedItem_participantId_idx" ON "PurchasedItem"("participantId");
CREATE INDEX "TonTransfer_invoiceId_idx" ON "TonTransfer"("invoiceId");
CREATE INDEX "TonTransfer_outcome_createdAt_idx" ON "TonTransfer"("outcome", "createdAt");

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Order" ADD CONSTRAINT "Order_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Order" ADD CONSTRAINT "Order_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Order" ADD CONSTRAINT "Order_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Boost" ADD CONSTRAINT "Boost_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Boost" ADD CONSTRAINT "Boost_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "PurchasedItem" ADD CONSTRAINT "PurchasedItem_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PurchasedItem" ADD CONSTRAINT "PurchasedItem_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PurchasedItem" ADD CONSTRAINT "PurchasedItem_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE SET NULL ON UPDATE CASCADE;
