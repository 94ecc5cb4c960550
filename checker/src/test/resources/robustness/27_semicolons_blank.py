

x = 1;


   # indented comment
def f():

    return 1
# trailing comment
