import dev.stellar.finetune.testing.FakeHub

def hub = FakeHub.start(Integer.parseInt(fakehubPort))
hub.addTinyModel('google-bert/tiny-bert')
hub.gate('google-bert/tiny-bert', 'hf_itSettingsToken42') // the token of <server> huggingface in settings.xml
hub.addGlueLike('nyu-mll/glue')
println "Fake Hugging Face Hub at ${hub.endpoint()}"
return true
