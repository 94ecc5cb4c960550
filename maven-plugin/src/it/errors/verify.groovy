// Every error, with its location, in each failing build; the skipped build checks nothing.
// The SARIF report lists them for code scanning.
def log = new File(basedir, 'build.log').text
def bad = new File(basedir, 'src/main/torchscript/bad.py').canonicalPath

def undefined = "[ERROR] ${bad}:[6,16] TS0101: undefined value y"
def mismatch = "[ERROR] ${bad}:[11,5] TS0103: Type mismatch: r is set to type int in the true branch and type str in the false branch\n" +
        "  ${bad}:[15,12] note: and was used here"
assert log.count(undefined) == 2
assert log.count(mismatch) == 2
assert log.count('TorchScript: 2 errors in 1 file') >= 2
assert log.contains('[INFO] TorchScript: skipped (torchscript.skip=true)')
assert log.contains('BUILD FAILURE')

def out = new File(basedir, 'target/torchscript')
assert !new File(out, 'bad.py.code').exists()
assert new File(out, 'good.py.code').isFile()

// The SARIF report of the last checking build names both errors of bad.py, relative to the project.
def sarifFile = new File(out, 'torchscript.sarif')
assert sarifFile.isFile()
def sarif = new groovy.json.JsonSlurper().parse(sarifFile)
assert sarif.version == '2.1.0'
def run = sarif.runs[0]
assert run.tool.driver.name == 'TorchScript4J'
assert run.tool.driver.rules*.id == ['TS0101', 'TS0103']
assert run.results*.ruleId == ['TS0101', 'TS0103']
assert run.results*.level == ['error', 'error']
def where = run.results[0].locations[0].physicalLocation
assert where.artifactLocation.uri == 'src/main/torchscript/bad.py'
assert where.artifactLocation.uriBaseId == '%SRCROOT%'
assert [where.region.startLine, where.region.startColumn] == [6, 16]
assert run.results[1].relatedLocations[0].physicalLocation.region.startLine == 15
return true
