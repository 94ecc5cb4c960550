// examples/quickstart prints and writes what its README says. This script lives outside the
// quickstart, so invoker's basedir is this folder (src/it); the quickstart's copy is under target/it-examples.
basedir = new File(basedir, '../../target/it-examples/quickstart').canonicalFile
def log = new File(basedir, 'build.log').text
def out = new File(basedir, 'target/torchscript')

assert log.contains('[INFO] TorchScript: 3 sources in src/main/torchscript: 3 checked; 0 errors, 0 warnings; 6 functions written to target/torchscript')
assert log.contains('[INFO] TorchScript: 3 sources in src/main/torchscript: all up to date')
def broken = new File(basedir, 'src/broken/torchscript/broken.py').canonicalPath
assert log.contains("[ERROR] ${broken}:[8,16] TS0101: undefined value factr")
assert log.contains("[ERROR] ${broken}:[13,5] TS0103: Type mismatch: value is set to type int in the true branch and type str in the false branch\n" +
        "  ${broken}:[17,12] note: and was used here")
assert log.contains('[INFO] TorchScript: 4 sources in [src/main/torchscript, src/broken/torchscript]: 4 checked; 2 errors, 0 warnings; 6 functions written to target/torchscript')
assert log.contains('TorchScript: 2 errors in 1 file (listed above; -Dtorchscript.failOnError=false reports them without failing)')

assert new File(out, 'ops/normalize.py.code').text.contains('# __torch__.clip_norm\ndef clip_norm(x: Tensor,\n    max_norm: float) -> Tensor:\n')
assert new File(out, 'ops/normalize.py.graph').isFile()
assert new File(out, 'models/classifier.py.code').text.contains('# __torch__.Classifier.forward\ndef forward(self,\n')
assert new File(out, 'models/my_cell.py.code').text.contains('# __torch__.MyDecisionGate.forward\n')
assert !new File(out, 'broken.py.code').exists()

// trace-check: the traced cell, checked on its two check inputs
assert log.contains('[INFO] TorchScript trace-check: traced-cell (SimpleCell of my_cell.py): traced; 2 check inputs: 2 passed')
assert new File(basedir, 'target/torchscript-reports/TEST-traced-cell.xml').isFile()

// package: a scripted module, a traced one, one with weights
def models = new File(basedir, 'target/torchscript-models')
def cell = new File(models, 'cell.pt')
def traced = new File(models, 'traced-cell.pt')
def classifier = new File(models, 'classifier.pt')
assert log.contains("[INFO] TorchScript package: cell (MyCell of my_cell.py): built (0 parameters, 0 buffers, 2 submodules), compiled __torch__.MyDecisionGate, __torch__.torch.nn.modules.linear.Linear, __torch__.MyCell, written ${cell.canonicalPath} (${cell.length()} bytes)")
assert log.contains("[INFO] TorchScript package: traced-cell (SimpleCell of my_cell.py): built (0 parameters, 0 buffers, 1 submodule), traced forward (checked on 2 check inputs) into __torch__.SimpleCell, __torch__.torch.nn.modules.linear.Linear, written ${traced.canonicalPath} (${traced.length()} bytes)")
assert log.contains("[INFO] TorchScript package: classifier (Classifier of classifier.py): built (0 parameters, 0 buffers, 2 submodules), weights loaded from weights/classifier.pt, compiled __torch__.torch.nn.modules.linear.Linear, __torch__.torch.nn.modules.linear.___torch_mangle_0.Linear, __torch__.Classifier, written ${classifier.canonicalPath} (${classifier.length()} bytes)")
for (name in ['cell', 'traced-cell', 'classifier']) {
    assert log.contains("[INFO] TorchScript package: ${name}: verified: our interpreter, libtorch, eager Python agree (rtol 0.00001); output {")
    assert log.contains("[INFO] TorchScript package: ${name}: attached as quickstart-0.1.0-SNAPSHOT-${name}.pt")
}
assert log.contains('[INFO] TorchScript package: 3 models, 3 packaged and verified, 0 failed')

// the second verify: nothing changed, nothing is checked or packaged again (the archives are attached)
assert log.contains('[INFO] TorchScript package: cell: up to date (' + cell.canonicalPath + ')')
assert log.contains('[INFO] TorchScript package: 3 models, 0 packaged and verified, 3 up to date, 0 failed')
return true
