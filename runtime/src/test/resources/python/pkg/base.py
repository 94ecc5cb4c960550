class Base:
    def __init__(self, value):
        self.value = value

    def doubled(self):
        return self.value * 2
