import dev.stellar.finetune.testing.FakeHub

def hub = FakeHub.start(Integer.parseInt(fakehubPort))
hub.addTinyModel('google-bert/tiny-bert')
hub.addGlueLike('nyu-mll/glue')
println "Fake Hugging Face Hub at ${hub.endpoint()}"
return true
