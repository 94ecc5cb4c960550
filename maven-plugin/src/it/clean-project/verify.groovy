// The first build checked both sources and wrote their code; the second found them up to date.
// (Each build of invoker.properties appends to build.log.)
def log = new File(basedir, 'build.log').text
def out = new File(basedir, 'target/torchscript')

def checked = '[INFO] TorchScript: 2 sources in src/main/torchscript: 2 checked; 0 errors, 0 warnings; 2 functions written to target/torchscript'
def upToDate = '[INFO] TorchScript: 2 sources in src/main/torchscript: all up to date'
assert log.contains(checked)
assert log.contains(upToDate)
assert log.indexOf(checked) < log.indexOf(upToDate)
assert !log.contains("[ERROR]")
assert !log.contains('[WARNING] ')

def code = new File(out, 'ops.py.code').text
assert code.contains('# __torch__.clamp_sum\ndef clamp_sum(x: Tensor,\n    limit: float) -> Tensor:\n')
def forward = new File(out, 'models/net.py.code').text
assert forward.contains('def forward(self,\n    x: Tensor) -> Tensor:\n')
assert new File(out, 'models/net.py.graph').text.contains('# models/net.py:11:')
assert new File(basedir, 'target/maven-status/torchscript/compile.state').isFile()
return true
