// tus-js-client against Satchel's /tus/: one upload in 5 MiB PATCHes, then parallelUploads (concatenation).
// usage: node tus-js-client.mjs BASE_URL PUBLIC_KEY
import * as tus from 'tus-js-client'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'

const [base, publicKey] = process.argv.slice(2)
const data = crypto.randomBytes(12 * 1024 * 1024 + 7)
const sha = b => crypto.createHash('sha256').update(b).digest('hex')

function upload(extra) {
  return new Promise((resolve, reject) => {
    const u = new tus.Upload(data, {
      endpoint: `${base}/tus/`, chunkSize: 5 * 1024 * 1024,
      metadata: { pub_key: publicKey, filename: 'tus.bin', filetype: 'application/octet-stream' }, ...extra,
      onError: reject, onSuccess: () => resolve(u.url.split('/').pop()),
    })
    u.start()
  })
}

async function check(uuid) {
  const info = await (await fetch(`${base}/info/?pub_key=${publicKey}&file_id=${uuid}`)).json()
  assert.equal(info.size, data.length)
  assert.equal(info.original_filename, 'tus.bin')
  const back = Buffer.from(await (await fetch(`${base}/${uuid}/`)).arrayBuffer())
  assert.equal(sha(back), sha(data))
}

let uuid = await upload({})
await check(uuid)
console.log('ok tus', uuid)
uuid = await upload({ parallelUploads: 3, metadataForPartialUploads: { pub_key: publicKey } })
await check(uuid)
console.log('ok tus parallel uploads (concatenation)', uuid)
