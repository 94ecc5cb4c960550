// The module was built, compiled, written, verified three ways and attached; the archive is a
// TorchScript archive (torch.jit.save's layout: one top-level folder holding data.pkl,
// constants.pkl, version, code/__torch__/... and data/N storages) holding the Linear's two tensors.
import java.util.zip.ZipFile

def log = new File(basedir, 'build.log').text
def archive = new File(basedir, 'target/torchscript-models/classifier.pt')

assert log.contains("[INFO] TorchScript package: classifier (Classifier of classifier.py): built (0 parameters, 0 buffers, 1 submodule), compiled __torch__.torch.nn.modules.linear.Linear, __torch__.Classifier, written ${archive.canonicalPath} (${archive.length()} bytes)")
assert log =~ /\[INFO\] TorchScript package: classifier: verified: our interpreter, libtorch, eager Python agree \(rtol 0\.00001\); output \{"tensor": \{"dtype": "float32", "shape": \[2, 3\], "data": \[/
assert log.contains('[INFO] TorchScript package: classifier: attached as package-model-1.0-linear.pt')
assert log.contains('[INFO] TorchScript package: 1 model, 1 packaged and verified, 0 failed')
assert !log.contains('[ERROR]')
assert log.contains('BUILD SUCCESS')

assert archive.isFile()
def names = new ZipFile(archive).withCloseable { zip -> zip.entries().collect { it.name } }
def root = names[0].substring(0, names[0].indexOf('/') + 1)
assert names.every { it.startsWith(root) }
def entries = names.collect { it.substring(root.length()) } as Set
assert entries.containsAll(['data.pkl', 'constants.pkl', 'version', 'code/__torch__.py',
        'code/__torch__/torch/nn/modules/linear.py', 'data/0', 'data/1'])
return true
