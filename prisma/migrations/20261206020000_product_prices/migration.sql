-- Prices were one column per currency; a new currency meant a new column and code in every reader.
-- Now one row per (product, currency) a product accepts.
CREATE TABLE "ProductPrice" (
    "productId" INTEGER NOT NULL,
    "currency" "Currency" NOT NULL,
    "amount" BIGINT NOT NULL,

    CONSTRAINT "ProductPrice_pkey" PRIMARY KEY ("productId", "currency"),
    CONSTRAINT "ProductPrice_amount_check" CHECK ("amount" > 0)
);

ALTER TABLE "ProductPrice" ADD CONSTRAINT "ProductPrice_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One row per price a product had (the old columns were NULL or positive by their CHECK).
INSERT INTO "ProductPrice" ("productId", "currency", "amount")
SELECT id, 'STARS'::"Currency", "priceStars" FROM "Product" WHERE "priceStars" > 0
UNION ALL
SELECT id, 'TON'::"Currency", "priceTon" FROM "Product" WHERE "priceTon" > 0
UNION ALL
SELECT id, 'POINTS'::"Currency", "pricePoints" FROM "Product" WHERE "pricePoints" > 0;

ALTER TABLE "Product" DROP COLUMN "priceStars", DROP COLUMN "priceTon", DROP COLUMN "pricePoints";
