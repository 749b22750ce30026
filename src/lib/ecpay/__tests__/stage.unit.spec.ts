import { randomBytes } from "crypto"
import { EcpayInvoiceClient, formatTaipeiDate, parseEcpayDateTime } from "../index"

/**
 * Talks to ECPay's real stage service with its public test credentials (docs/ECPAY-PROTOCOL.md §1.6).
 * Opt-in: ECPAY_STAGE_TEST=1 npm run test:stage. Stage sends no e-mail, so a placeholder address is used.
 */
const describeStage = process.env.ECPAY_STAGE_TEST === "1" ? describe : describe.skip

describeStage("ECPay stage service", () => {
  const client = new EcpayInvoiceClient({
    merchantId: "2000132",
    hashKey: "ejCk326UnaZWKisg",
    hashIV: "q9jcZX8Ib9LM8wYk",
    environment: "stage",
  })
  const relateNumber = `MEDUSA${Date.now()}${randomBytes(3).toString("hex")}`.toUpperCase()

  it("issues to the member carrier, finds it by RelateNumber, checks a love code and voids it", async () => {
    const issued = await client.issue({
      RelateNumber: relateNumber,
      CustomerEmail: "stage-test@example.com",
      Print: "0",
      Donation: "0",
      CarrierType: "1",
      CarrierNum: "",
      TaxType: "1",
      InvType: "07",
      SalesAmount: 100,
      Items: [{ ItemSeq: 1, ItemName: "測試商品", ItemCount: 1, ItemWord: "個", ItemPrice: 100, ItemAmount: 100 }],
    })
    expect(issued.RtnCode).toBe(1)
    expect(issued.InvoiceNo).toMatch(/^[A-Z]{2}\d{8}$/)
    expect(issued.RandomNumber).toMatch(/^\d{4}$/)

    const found = await client.getIssue({ RelateNumber: relateNumber })
    expect(found.IIS_Number).toBe(issued.InvoiceNo)
    expect(found.IIS_Relate_Number.toUpperCase()).toBe(relateNumber)

    const loveCode = await client.checkLoveCode({ LoveCode: "168001" })
    expect(loveCode.RtnCode).toBe(1)
    expect(["Y", "N"]).toContain(loveCode.IsExist)

    const voided = await client.invalid({
      InvoiceNo: issued.InvoiceNo,
      InvoiceDate: formatTaipeiDate(parseEcpayDateTime(issued.InvoiceDate)),
      Reason: "stage test",
    })
    expect(voided.InvoiceNo).toBe(issued.InvoiceNo)
  })
})
