// examples/maven-sample prints and writes what its README says. This script lives outside the
// sample, so invoker's basedir is this folder (src/it); the sample's copy is under target/it-examples.
basedir = new File(basedir, '../../target/it-examples/maven-sample').canonicalFile
def log = new File(basedir, 'build.log').text
def out = new File(basedir, 'target/torchscript')

assert log.contains('[INFO] TorchScript: 2 sources in src/main/torchscript: 2 checked; 0 errors, 0 warnings; 3 functions written to target/torchscript')
assert log.contains('[INFO] TorchScript: 2 sources in src/main/torchscript: all up to date')
def broken = new File(basedir, 'src/broken/torchscript/broken.py').canonicalPath
assert log.contains("[ERROR] ${broken}:[8,16] TS0101: undefined value factr")
assert log.contains("[ERROR] ${broken}:[13,5] TS0103: Type mismatch: value is set to type int in the true branch and type str in the false branch\n" +
        "  ${broken}:[17,12] note: and was used here")
assert log.contains('[INFO] TorchScript: 3 sources in [src/main/torchscript, src/broken/torchscript]: 3 checked; 2 errors, 0 warnings; 3 functions written to target/torchscript')
assert log.contains('TorchScript: 2 errors in 1 file (listed above; -Dtorchscript.failOnError=false reports them without failing)')

assert new File(out, 'ops/normalize.py.code').text.contains('# __torch__.clip_norm\ndef clip_norm(x: Tensor,\n    max_norm: float) -> Tensor:\n')
assert new File(out, 'ops/normalize.py.graph').isFile()
assert new File(out, 'models/classifier.py.code').text.contains('# __torch__.Classifier.forward\ndef forward(self,\n')
assert !new File(out, 'broken.py.code').exists()

def archive = new File(basedir, 'target/torchscript-models/classifier.pt')
assert archive.isFile()
assert log.contains("[INFO] TorchScript package: classifier (Classifier of classifier.py): built (0 parameters, 0 buffers, 2 submodules), compiled __torch__.torch.nn.modules.linear.Linear, __torch__.torch.nn.modules.linear.___torch_mangle_0.Linear, __torch__.Classifier, written ${archive.canonicalPath} (${archive.length()} bytes)")
assert log.contains('[INFO] TorchScript package: classifier: verified: our interpreter, libtorch, eager Python agree (rtol 0.00001); output {"tensor": {"dtype": "float32", "shape": [4, 3], "data": [')
assert log.contains('[INFO] TorchScript package: classifier: attached as maven-sample-0.1.0-SNAPSHOT-classifier.pt')
return true
