// Payment code images: the GOST R 56042 QR (error correction M, one pixel per
// module with a 4-module quiet zone, scaled up crisply in the PDF) and the
// Code 128 barcode of Iranian bill and payment IDs.
import QRCode from 'qrcode'
import bwipjs from 'bwip-js'

export function qrPng(payload: string): Promise<Buffer> {
  return QRCode.toBuffer(payload, { errorCorrectionLevel: 'M', margin: 4, scale: 1, type: 'png' })
}

export function code128Png(digits: string): Promise<Buffer> {
  return bwipjs.toBuffer({ bcid: 'code128', text: digits, scale: 2, height: 10, includetext: true, textxalign: 'center', textsize: 9 })
}
