-- wrk script: POST /api/sign-upload with the Upload Widget's body and a fresh timestamp.
-- wrk -t2 -c64 -d10s --latency -s signing-server/load/sign_upload.lua http://127.0.0.1:3000/api/sign-upload
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format(
  '{"paramsToSign":{"timestamp":%d,"custom_coordinates":"35,39,612,706","source":"uw","folder":"signed_upload_demo_uw"}}',
  os.time())
