// Every error, with its location, in each failing build; the skipped build checks nothing.
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
return true
