// @uploadcare/upload-client against Satchel: direct, multipart, from URL (+ duplicates, SSRF error), group.
// usage: node upload-client.mjs BASE_URL PUBLIC_KEY   (the server must allow private networks for from URL)
import { UploadClient } from '@uploadcare/upload-client'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import http from 'node:http'

const [base, publicKey] = process.argv.slice(2)
const client = new UploadClient({ publicKey, baseURL: base, baseCDN: base, store: 'auto' })
const sha = b => crypto.createHash('sha256').update(b).digest('hex')
const original = async uuid => Buffer.from(await (await fetch(`${base}/${uuid}/`)).arrayBuffer())

const small = crypto.randomBytes(50_000)
let f = await client.uploadFile(small, { fileName: 'small.bin', contentType: 'application/octet-stream' })
assert.equal(f.size, small.length)
assert.equal(sha(await original(f.uuid)), sha(small))
console.log('ok direct', f.uuid)

const big = crypto.randomBytes(27 * 1024 * 1024 + 12345)  // past multipartMinFileSize (25 MiB)
let progress = 0
f = await client.uploadFile(big, { fileName: 'big.bin', contentType: 'application/octet-stream', onProgress: () => progress++ })
assert.equal(f.size, big.length)
assert.equal(sha(await original(f.uuid)), sha(big))
assert.ok(progress > 0)
console.log('ok multipart', f.uuid)

const origin = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': small.length })
  res.end(small)
})
await new Promise(r => origin.listen(0, '127.0.0.1', r))
const from = `http://127.0.0.1:${origin.address().port}/from/origin.bin`
try {
  f = await client.uploadFile(from, { fileName: 'fetched.bin' })
  assert.equal(f.size, small.length)
  assert.equal(f.name, 'fetched.bin')
  console.log('ok from_url', f.uuid)
  const first = await client.uploadFile(from, { checkForUrlDuplicates: true, saveUrlForRecurrentUploads: true })
  const again = await client.uploadFile(from, { checkForUrlDuplicates: true, saveUrlForRecurrentUploads: true })
  assert.equal(again.uuid, first.uuid)
  console.log('ok from_url duplicates')
  await assert.rejects(client.uploadFile('http://169.254.169.254/latest/meta-data/'),
    e => e.code === 'URLHostPrivateIPForbiddenError' && e.message === 'Only public IPs are allowed.')
  console.log('ok from_url refuses the metadata address')
} finally {
  origin.close()
}

const g = await client.uploadFileGroup([f.uuid])
assert.match(g.uuid, /~1$/)
console.log('ok group', g.uuid)
