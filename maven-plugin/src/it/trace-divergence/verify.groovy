// The divergence is reported at the if that caused it, with a suggestion, then both diverging
// operators as notes, in the reference's words; the conversion to a boolean is a warning at its line;
// both models have a JUnit report, choose's with the failed check.
def log = new File(basedir, 'build.log').text
def branchy = new File(basedir, 'src/main/torchscript/models/branchy.py').canonicalPath

assert log.contains("[ERROR] ${branchy}:[5,5] choose: check_inputs[1] (float32[3]=-1): Tracing failed sanity checks!\n" +
        "  ${branchy}:[5,5] TS0706: ")
assert log.contains("  ${branchy}:[5,5] note: this branch comes from tensor data")
assert log.contains("  ${branchy}:[6,1] note: the trace of the example inputs took this operator\n" +
        "  ${branchy}:[8,1] note: the trace of check input 2 took this operator instead\n" +
        "ERROR: Graphs differed across invocations!")
assert log.contains("[WARNING] ${branchy}:[5,8] TS0701: a tensor converted to a Python boolean decides this branch")
assert log.contains("Trace source location:")
assert log.contains('TorchScript trace-check: scale (scale of scale.py): traced; 2 check inputs: 2 passed')
assert log.contains('TorchScript trace-check: choose (choose of branchy.py): traced; 2 check inputs: 1 passed, 1 failed')
assert log.contains('TorchScript trace-check: 1 check failed in choose')
assert log.contains('BUILD FAILURE')

def reports = new File(basedir, 'target/torchscript-reports')
def choose = new groovy.xml.XmlSlurper().parse(new File(reports, 'TEST-choose.xml'))
assert choose.@name == 'torchscript.trace.choose'
assert choose.@tests == '3'
assert choose.@failures == '1'
assert choose.testcase*.@name*.text() == ['trace', 'check_inputs[0]', 'check_inputs[1]']
def failure = choose.testcase[2].failure
assert failure.@message == 'Tracing failed sanity checks!'
assert failure.text().startsWith("${branchy}:[5,5]")
assert failure.text().contains('ERROR: Graphs differed across invocations!')

def scale = new groovy.xml.XmlSlurper().parse(new File(reports, 'TEST-scale.xml'))
assert scale.@tests == '3'
assert scale.@failures == '0'
assert scale.@errors == '0'

// the second build: the declaration's problem at the line of its <inputs> in the POM
def pom = new File(basedir, 'pom.xml')
def line = pom.readLines().findIndexOf { it.contains('<inputs>float32[2,three]</inputs>') } + 1
assert line > 0
assert log.contains("[ERROR] TorchScript: ${pom.canonicalPath}:[${line},19] model 'typo': inputs: ")
return true
