@decorator
@other.decorator(1, key=2)
class C(Base, metaclass=Meta):
    x: int = 1
    y: "List[int]"

    def __init__(self) -> None:
        super().__init__()
        self.z = [i for i in range(10) if i % 2]

    @property
    def value(self):
        return self.z
