from policyvc.cli import main

main()
