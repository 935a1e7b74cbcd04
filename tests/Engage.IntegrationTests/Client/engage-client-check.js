// Drives the local runner with the public npm client `ringcentral-engage-client`, as an existing
// integration would, and prints one JSON line per step for the xunit test to check.
const RingCentralEngage = require('ringcentral-engage-client').default

const rc = new RingCentralEngage({ server: process.env.BASE_URL, apiToken: process.env.TOKEN })
const out = (step, data) => console.log(JSON.stringify({ step, ...data }))

async function main () {
  const threads = await rc.get('/1.0/content_threads', { params: { limit: 10 } })
  out('threads', { status: threads.status, count: threads.data.count, foreign_ids: threads.data.records.map(t => t.foreign_id) })
  const thread = threads.data.records.find(t => t.foreign_id === process.env.THREAD_FOREIGN_ID)
  const contents = await rc.get('/1.0/contents', { params: { q: `thread:"${thread.id}" order:created_at.desc` } })
  out('contents', { status: contents.status, bodies: contents.data.records.map(c => c.body) })
  for (const path of ['/1.0/contents/5f1b2c3d4e5f6a7b8c9d0e1f', '/1.0/content_threads?limit=500']) {
    try {
      await rc.get(path)
      out('error', { path, status: 'no error' })
    } catch (err) {
      out('error', { path, status: err.response && err.response.status, body: err.response && err.response.data })
    }
  }
  try {
    await new RingCentralEngage({ server: process.env.BASE_URL, apiToken: 'bogus' }).get('/1.0/roles')
  } catch (err) {
    out('error', { path: 'bogus token', status: err.response.status, body: err.response.data })
  }
}

main().catch(e => { console.error('fatal', e.message); process.exit(1) })
