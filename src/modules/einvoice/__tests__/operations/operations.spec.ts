/**
 * Every operation case file, in one Jest test file: Jest loads Medusa's framework again for each test
 * file (seconds of CPU each), and the case files need it once. Each `describeOperations` still boots the
 * module on a database of its own. One file's cases: `-t "<its describeOperations title>"`.
 */
import "./issue.cases"
import "./void.cases"
import "./after-issue.cases"
import "./allowance.cases"
import "./settings-and-plans.cases"
import "./ecpay-pause.cases"
import "./paper.cases"
