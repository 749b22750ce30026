// Admin translations, merged by the dashboard into its own resources. Keys live under
// `ecpayEinvoice` so they cannot clash with the dashboard's or another plugin's.
import en from "./json/en.json"
import zhTW from "./json/zhTW.json"

export default {
  en: { translation: en },
  zhTW: { translation: zhTW },
}
