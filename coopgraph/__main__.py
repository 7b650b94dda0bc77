from coopgraph.cli import main

main()
